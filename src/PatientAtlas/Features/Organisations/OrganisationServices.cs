using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Organisations;

public static class OrganisationServices
{
    /// <summary>Organisations and professionals: their one write path, and the member's organisations in "my data".</summary>
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddScoped<OrganisationWrites>();
        services.AddMemberDataPart<OrganisationsPart>();
        services.AddSaveEffect<OrganisationEffects>();
        return services;
    }
}

/// <summary>The organisations a member keeps: in the download, and deleted with the account (see <see cref="OrganisationWrites.EraseOwnedAsync"/>).</summary>
internal sealed class OrganisationsPart : IMemberDataPart
{
    public string Name => "organisations";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().Where(o => o.OwnerId == member.Id).OrderBy(o => o.Id)
            .Select(o => new
            {
                slug = o.Slug, name = o.Name, kind = o.Kind.ToString(), website = o.Website, description = o.Description,
                cityGeonamesId = o.CityId, city = o.CityName, country = o.Country, verified = o.Verified, createdAt = o.CreatedAt, updatedAt = o.UpdatedAt,
                published = o.Published, review = o.Review.ToString().ToLowerInvariant(), pendingName = o.PendingName, pendingWebsite = o.PendingWebsite,
                pendingDescription = o.PendingDescription, holdReasons = o.HoldReasons,
                conditions = o.Conditions.Join(db.Conditions, c => c.ConditionId, c => c.Id, (_, c) => c.Slug).ToList(),
            })
            .ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        OrganisationWrites.EraseOwnedAsync(db, member.Id, cancellationToken);
}
