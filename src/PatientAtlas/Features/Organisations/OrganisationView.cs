using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// An organisation as the public sees it (its page, the directory, the API): never its owner. Conditions are named by
/// slug and name.
/// </summary>
public sealed record OrganisationView(
    string Slug, string Name, OrganisationKind Kind, string? Website, string? Description, int? CityId, string? CityName, string Country,
    double? Latitude, double? Longitude, bool Verified, DateTime UpdatedAt, IReadOnlyList<OrganisationView.ConditionRef> Conditions)
{
    public const int PageSize = 20;

    public sealed record ConditionRef(string Slug, string Name);

    /// <summary>"example.org" for https://www.example.org/about: what the link shows.</summary>
    public string? WebsiteHost => Website is not null && Uri.TryCreate(Website, UriKind.Absolute, out var uri)
        ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host)
        : null;

    /// <summary>The public (approved) version; a profile no moderator approved yet is not found.</summary>
    public static async Task<OrganisationView?> FindAsync(AtlasDb db, string slug, CancellationToken cancellationToken) =>
        (await QueryAsync(db, db.Organisations.Where(o => o.Slug == slug && o.Published), cancellationToken)).FirstOrDefault();

    /// <summary>The keeper's view: what they last submitted (a waiting or refused version over the public one).</summary>
    public static async Task<OrganisationView?> FindOwnedAsync(AtlasDb db, string slug, int ownerId, CancellationToken cancellationToken)
    {
        var found = (await QueryAsync(db, db.Organisations.Where(o => o.Slug == slug && o.OwnerId == ownerId), cancellationToken)).FirstOrDefault();
        var pending = await db.Organisations.AsNoTracking().Where(o => o.Slug == slug && o.Review != OrganisationReview.None)
            .Select(o => new { o.PendingName, o.PendingWebsite, o.PendingDescription }).FirstOrDefaultAsync(cancellationToken);
        return found is null || pending?.PendingName is null
            ? found
            : found with { Name = pending.PendingName, Website = pending.PendingWebsite, Description = pending.PendingDescription };
    }

    public sealed record Listing(IReadOnlyList<OrganisationView> Items, int Total, int Page, int Pages);

    /// <summary>The directory: every organisation, verified first then by name, optionally of one condition and one kind.</summary>
    public static async Task<Listing> ListAsync(AtlasDb db, int? conditionId, OrganisationKind? kind, int page, CancellationToken cancellationToken)
    {
        var query = db.Organisations.Where(o => o.Published);
        if (conditionId is { } id)
        {
            query = query.Where(o => o.Conditions.Any(c => c.ConditionId == id));
        }
        if (kind is { } k)
        {
            query = query.Where(o => o.Kind == k);
        }
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await QueryAsync(db, query.OrderByDescending(o => o.Verified).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((page - 1) * PageSize).Take(PageSize), cancellationToken);
        return new Listing(items, total, page, pages);
    }

    private static async Task<List<OrganisationView>> QueryAsync(AtlasDb db, IQueryable<Organisation> query, CancellationToken cancellationToken)
    {
        var rows = await query.AsNoTracking()
            .Select(o => new
            {
                o.Id, o.Slug, o.Name, o.Kind, o.Website, o.Description, o.CityId, o.CityName, o.Country, o.Latitude, o.Longitude, o.Verified,
                // Rows from before UpdatedAt existed hold its default: their creation is their last update.
                UpdatedAt = o.UpdatedAt > o.CreatedAt ? o.UpdatedAt : o.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var conditions = (await db.Set<OrganisationCondition>().AsNoTracking().Where(c => ids.Contains(c.OrganisationId))
            .Join(db.Conditions, c => c.ConditionId, c => c.Id, (oc, c) => new { oc.OrganisationId, c.Slug, c.Name })
            .ToListAsync(cancellationToken))
            .ToLookup(c => c.OrganisationId);
        return [.. rows.Select(r => new OrganisationView(
            r.Slug, r.Name, r.Kind, r.Website, r.Description, r.CityId, r.CityName, r.Country, r.Latitude, r.Longitude, r.Verified, r.UpdatedAt,
            [.. conditions[r.Id].OrderBy(c => c.Name, StringComparer.CurrentCulture).Select(c => new ConditionRef(c.Slug, c.Name))]))];
    }

    /// <summary>A condition of the directory's filter, by slug: its id, or null when there is no such condition.</summary>
    public static async Task<(int Id, string Name)?> ConditionAsync(AtlasDb db, string slug, CancellationToken cancellationToken)
    {
        var lowered = slug.ToLowerInvariant();
        var found = await db.Conditions.AsNoTracking().Where(c => c.Slug == lowered && c.Kind == ConditionKind.Condition)
            .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Id, found.Name);
    }
}
