using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// /admin/organisations: admins verify an organisation (its name, website and place were checked against an outside
/// source), take the badge back, or remove a profile (spam, a closed clinic). Each decision goes to the audit trail.
/// </summary>
[Authorize(Policy = RolePolicies.Admin)]
public sealed class AdminModel(AtlasDb db, OrganisationWrites writes, UserManager<Member> users) : PageModel
{
    public sealed record Row(string Slug, string Name, OrganisationKind Kind, string? Website, string Country, bool Verified, bool IsDemo, DateTime UpdatedAt);

    [BindProperty(SupportsGet = true)]
    public bool Unverified { get; set; }

    public IReadOnlyList<Row> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.Organisations.AsNoTracking();
        if (Unverified)
        {
            query = query.Where(o => !o.Verified);
        }
        Organisations = await query.OrderBy(o => o.Verified).ThenByDescending(o => o.UpdatedAt).Take(500)
            .Select(o => new Row(o.Slug, o.Name, o.Kind, o.Website, o.Country, o.Verified, o.IsDemo, o.UpdatedAt)).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? slug, bool verified, CancellationToken cancellationToken)
    {
        var actor = await users.GetUserAsync(User) ?? throw new InvalidOperationException("an admin without an account");
        return await writes.VerifyAsync(slug ?? "", verified, actor.Id, actor.Pseudonym, cancellationToken) ? Done(verified ? "verified" : "unverified") : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? slug, CancellationToken cancellationToken)
    {
        var actor = await users.GetUserAsync(User) ?? throw new InvalidOperationException("an admin without an account");
        return await writes.RemoveByAdminAsync(slug ?? "", actor.Id, actor.Pseudonym, cancellationToken) ? Done("removed") : NotFound();
    }

    private RedirectResult Done(string what) => Redirect(Platform.Languages.Localize("/admin/organisations") + "?done=" + what + (Unverified ? "&unverified=true" : ""));
}
