using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Audit;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// The one write path for organisations (member pages, the API, admins, account deletion). Its saves are ordinary: the
/// save pipeline's <see cref="OrganisationEffects"/> evicts the profile and the pages of every condition the organisation
/// served before or serves now, here after commit and on every node through the change note's tags. A profile page is
/// tagged with its own tag and its conditions' when cached (<see cref="TagProfile"/>).
/// A profile is a public page, so it meets the rules of any post: a new member's profile (and a new member's change of
/// its name, website or description) waits for a moderator, the crisis and personal-data nets hold what they catch,
/// and a new member's description carries no links (the website field is the organisation's declared site, shown once
/// approved). Held versions wait in the Pending* fields; the public keeps seeing the approved one.
/// </summary>
public sealed class OrganisationWrites(AtlasDb db, TrustLevels trust, PersonalData personalData, TimeProvider clock)
{
    /// <summary>How many organisations one member may keep.</summary>
    public const int MaxPerMember = 5;

    public enum Outcome { Saved, Invalid, NotFound, Limit }

    public sealed record Result(Outcome Outcome, Organisation? Organisation = null, Dictionary<string, string[]>? Errors = null);

    public static string ProfileTag(string slug) => "organisation:" + slug;

    /// <summary>Tags a cached profile (or API answer) with its own tag and its conditions', which its writes evict.</summary>
    public static void TagProfile(HttpContext http, string slug, IEnumerable<string> conditionSlugs)
    {
        if (http.Features.Get<IOutputCacheFeature>()?.Context is { } context)
        {
            context.Tags.Add(ProfileTag(slug));
            foreach (var condition in conditionSlugs)
            {
                context.Tags.Add(PagePolicy.ConditionTag(condition));
            }
        }
    }

    /// <summary>Creates an organisation kept by <paramref name="ownerId"/>, with a slug made from its name.</summary>
    public async Task<Result> CreateAsync(int ownerId, OrganisationInput input, CancellationToken cancellationToken)
    {
        var level = await trust.OfAsync(db, ownerId, cancellationToken);
        var (details, errors) = await CheckAsync(input, level, cancellationToken);
        if (details is null)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        if (await db.Organisations.CountAsync(o => o.OwnerId == ownerId, cancellationToken) >= MaxPerMember)
        {
            return new Result(Outcome.Limit);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var organisation = new Organisation
        {
            Slug = await UniqueSlugAsync(details.Name, cancellationToken), Name = details.Name, Country = details.Country, OwnerId = ownerId, CreatedAt = now,
        };
        organisation.Published = false;
        Apply(organisation, details, now);
        Submit(organisation, details, level, now);
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        return new Result(Outcome.Saved, organisation);
    }

    /// <summary>
    /// Edits the owner's organisation (anyone else's is <see cref="Outcome.NotFound"/>). The slug stays, so links keep working.
    /// A new name or website clears "verified": the badge tells readers an admin checked these details, which no longer holds.
    /// </summary>
    public async Task<Result> EditAsync(int ownerId, string slug, OrganisationInput input, CancellationToken cancellationToken)
    {
        var organisation = await OwnedAsync(ownerId, slug, cancellationToken);
        if (organisation is null)
        {
            return new Result(Outcome.NotFound);
        }
        var level = await trust.OfAsync(db, ownerId, cancellationToken);
        var (details, errors) = await CheckAsync(input, level, cancellationToken);
        if (details is null)
        {
            return new Result(Outcome.Invalid, organisation, errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (organisation.Published && details.Name == organisation.Name && details.Website == organisation.Website && details.Description == organisation.Description)
        {
            // The public words stay as approved (a new city or condition list needs no review); a waiting version is withdrawn.
            Apply(organisation, details, now);
            ClearPending(organisation);
        }
        else
        {
            var (name, website, description) = (organisation.Name, organisation.Website, organisation.Description);
            Apply(organisation, details, now);
            if (organisation.Published)
            {
                (organisation.Name, organisation.Website, organisation.Description) = (name, website, description);
            }
            Submit(organisation, details, level, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return new Result(Outcome.Saved, organisation);
    }

    /// <summary>The input's checks, and a new member's description without links (resource key Organisation.NoLinksYet).</summary>
    private async Task<(OrganisationInput.Checked? Details, Dictionary<string, string[]> Errors)> CheckAsync(OrganisationInput input, TrustLevel level, CancellationToken cancellationToken)
    {
        var (details, errors) = await input.CheckAsync(db, cancellationToken);
        if (level == TrustLevel.New && input.Description is { } description && PersonalData.HasLink(description))
        {
            errors["Description"] = [.. errors.GetValueOrDefault("Description") ?? [], "Organisation.NoLinksYet"];
            return (null, errors);
        }
        return (details, errors);
    }

    /// <summary>
    /// The submitted name, website and description: public at once when the keeper has standing and no safety net holds
    /// them, else waiting for a moderator with the reasons (crisis language: urgent).
    /// </summary>
    private void Submit(Organisation organisation, OrganisationInput.Checked details, TrustLevel level, DateTime now)
    {
        var text = string.Join('\n', new[] { details.Name, details.Description }.Where(t => t is not null));
        var reasons = new List<string>();
        if (level == TrustLevel.New)
        {
            reasons.Add(HoldReasons.NewMember);
        }
        var crisis = CrisisLanguage.IsCrisis(text);
        if (crisis)
        {
            reasons.Add(HoldReasons.Crisis);
        }
        reasons.AddRange(personalData.Find(text));
        if (reasons.Count == 0)
        {
            PublishSubmitted(organisation, details.Name, details.Website, details.Description);
            return;
        }
        organisation.Review = OrganisationReview.Waiting;
        organisation.PendingName = details.Name;
        organisation.PendingWebsite = details.Website;
        organisation.PendingDescription = details.Description;
        organisation.HoldReasons = HoldReasons.Join(reasons);
        organisation.Urgent = crisis;
        organisation.SubmittedAt = now;
    }

    /// <summary>Makes these words the public version (a new name or website clears "verified": an admin checked the old ones).</summary>
    internal static void PublishSubmitted(Organisation organisation, string name, string? website, string? description)
    {
        if (organisation.Published && (name != organisation.Name || website != organisation.Website))
        {
            organisation.Verified = false;
        }
        (organisation.Name, organisation.Website, organisation.Description) = (name, website, description);
        organisation.Published = true;
        ClearPending(organisation);
    }

    private static void ClearPending(Organisation organisation)
    {
        organisation.Review = OrganisationReview.None;
        organisation.PendingName = organisation.PendingWebsite = organisation.PendingDescription = organisation.HoldReasons = null;
        organisation.Urgent = false;
        organisation.SubmittedAt = null;
    }

    public async Task<bool> DeleteAsync(int ownerId, string slug, CancellationToken cancellationToken)
    {
        var organisation = await OwnedAsync(ownerId, slug, cancellationToken);
        if (organisation is null)
        {
            return false;
        }
        await RemoveAsync(organisation, cancellationToken);
        return true;
    }

    /// <summary>An admin's verification (or its withdrawal), in the audit trail.</summary>
    public async Task<bool> VerifyAsync(string slug, bool verified, int actorId, string actor, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.Include(o => o.Conditions).FirstOrDefaultAsync(o => o.Slug == slug, cancellationToken);
        if (organisation is null)
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        organisation.Verified = verified;
        AuditTrail.Record(db, now, actorId, actor, verified ? "organisation.verified" : "organisation.unverified", subject: "organisation:" + slug, detail: organisation.Name);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>An admin removes an organisation (spam, a closed clinic), in the audit trail.</summary>
    public async Task<bool> RemoveByAdminAsync(string slug, int actorId, string actor, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.Include(o => o.Conditions).FirstOrDefaultAsync(o => o.Slug == slug, cancellationToken);
        if (organisation is null)
        {
            return false;
        }
        AuditTrail.Record(db, clock.GetUtcNow().UtcDateTime, actorId, actor, "organisation.removed", subject: "organisation:" + slug, detail: organisation.Name);
        await RemoveAsync(organisation, cancellationToken);
        return true;
    }

    /// <summary>
    /// Account deletion: the member's organisations go with them, verified or not. A profile nobody keeps goes stale (a
    /// moved clinic, a closed group) while still looking maintained, and a professional's profile is the member's own
    /// personal data; an admin may add a verified organisation again under a new keeper. Saved by the caller (the save
    /// pipeline evicts the profiles and their conditions' pages on every node).
    /// </summary>
    public static async Task EraseOwnedAsync(AtlasDb db, int ownerId, CancellationToken cancellationToken) =>
        db.Organisations.RemoveRange(await db.Organisations.Include(o => o.Conditions).Where(o => o.OwnerId == ownerId).ToListAsync(cancellationToken));

    private async Task RemoveAsync(Organisation organisation, CancellationToken cancellationToken)
    {
        db.Organisations.Remove(organisation);
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<Organisation?> OwnedAsync(int ownerId, string slug, CancellationToken cancellationToken) =>
        db.Organisations.Include(o => o.Conditions).FirstOrDefaultAsync(o => o.Slug == slug && o.OwnerId == ownerId, cancellationToken);

    private static void Apply(Organisation organisation, OrganisationInput.Checked details, DateTime now)
    {
        organisation.Name = details.Name;
        organisation.Kind = details.Kind;
        organisation.Website = details.Website;
        organisation.Description = details.Description;
        organisation.CityId = details.City?.Id;
        organisation.CityName = details.City?.Name;
        organisation.Country = details.Country;
        organisation.Latitude = details.City?.Latitude;
        organisation.Longitude = details.City?.Longitude;
        organisation.UpdatedAt = now;
        organisation.Conditions.RemoveAll(c => !details.ConditionIds.Contains(c.ConditionId));
        foreach (var id in details.ConditionIds.Where(id => organisation.Conditions.All(c => c.ConditionId != id)))
        {
            organisation.Conditions.Add(new OrganisationCondition { ConditionId = id });
        }
    }

    /// <summary>The name's slug ("asociacion-espasmo-hemifacial"), with -2, -3… when taken; a name with no Latin letters gets "organisation".</summary>
    private async Task<string> UniqueSlugAsync(string name, CancellationToken cancellationToken)
    {
        var slug = Slugs.SortKey(name) == "condition" || Slugs.From(name) != "condition" ? Slugs.From(name) : "organisation";
        var prefix = slug + "-";
        var taken = (await db.Organisations.Where(o => o.Slug == slug || o.Slug.StartsWith(prefix)).Select(o => o.Slug).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(slug))
        {
            return slug;
        }
        for (var n = 2; ; n++)
        {
            if (!taken.Contains(prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
