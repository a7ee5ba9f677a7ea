using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Organisations;

/// <summary>/account/organisations/{slug}/edit: its keeper edits or deletes it; for anyone else it does not exist (404).</summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class EditModel(AtlasDb db, OrganisationWrites writes) : PageModel
{
    [BindProperty]
    public OrganisationForm Form { get; set; } = new();

    public required OrganisationView Organisation { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await OwnedAsync(slug, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        Organisation = found;
        Form = OrganisationForm.From(found);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await OwnedAsync(slug, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        Organisation = found;
        var result = await writes.EditAsync(User.MemberId(), slug, Form.ToInput(), cancellationToken);
        if (result.Outcome == OrganisationWrites.Outcome.Saved)
        {
            return Redirect(Platform.Languages.Localize("/account/organisations") + Done(result.Organisation!));
        }
        OrganisationForm.AddErrors(ModelState, result.Errors ?? []);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, CancellationToken cancellationToken) =>
        await writes.DeleteAsync(User.MemberId(), slug, cancellationToken)
            ? Redirect(Platform.Languages.Localize("/account/organisations") + "?done=deleted")
            : NotFound();

    private async Task<OrganisationView?> OwnedAsync(string slug, CancellationToken cancellationToken)
    {
        var me = User.MemberId();
        return slug.Length <= 120 ? await OrganisationView.FindOwnedAsync(db, slug, me, cancellationToken) : null;
    }

    private static string Done(Organisation saved) => NewModel.Done(saved);
}
