using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Organisations;

/// <summary>/account/organisations/new: a member adds an organisation or professional profile (at most <see cref="OrganisationWrites.MaxPerMember"/>).</summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class NewModel(OrganisationWrites writes) : PageModel
{
    [BindProperty]
    public OrganisationForm Form { get; set; } = new();

    public void OnGet()
    {
        Form.Kind ??= nameof(OrganisationKind.Organisation);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await writes.CreateAsync(User.MemberId(), Form.ToInput(), cancellationToken);
        switch (result.Outcome)
        {
            case OrganisationWrites.Outcome.Saved:
                return Redirect(Platform.Languages.Localize("/account/organisations") + Done(result.Organisation!));
            case OrganisationWrites.Outcome.Limit:
                ModelState.AddModelError("", "Organisation.TooManyError");
                break;
            default:
                OrganisationForm.AddErrors(ModelState, result.Errors!);
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>"saved", or "waiting" for a moderator (with crisis help when the crisis net held it).</summary>
    internal static string Done(Organisation saved) =>
        saved.Review != OrganisationReview.Waiting ? "?done=saved" : saved.Urgent ? "?done=waiting&help=1" : "?done=waiting";
}
