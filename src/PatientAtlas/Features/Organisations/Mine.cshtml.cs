using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Organisations;

/// <summary>/account/organisations: the organisations and professional profiles this member keeps.</summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class MineModel(AtlasDb db) : PageModel
{
    /// <summary>A profile as its keeper sees it: the name last submitted, and whether it waits for (or was refused by) a moderator.</summary>
    public sealed record Row(string Slug, string Name, OrganisationKind Kind, bool Verified, DateTime UpdatedAt, bool Published, OrganisationReview Review);

    public IReadOnlyList<Row> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var me = User.MemberId();
        Organisations = await db.Organisations.AsNoTracking().Where(o => o.OwnerId == me).OrderBy(o => o.Name)
            .Select(o => new Row(o.Slug, o.PendingName ?? o.Name, o.Kind, o.Verified, o.UpdatedAt, o.Published, o.Review)).ToListAsync(cancellationToken);
    }
}
