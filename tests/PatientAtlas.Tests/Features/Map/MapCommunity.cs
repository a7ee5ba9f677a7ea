using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Places;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Map;

/// <summary>
/// Members of a condition with their places, written straight into the test database (no passwords: nobody signs in as
/// them). They have the standing the map asks of a counted member (confirmed, consented, joined <see cref="JoinedDaysAgo"/>
/// days before the app's clock) and, unless a group says otherwise, show their relation to other members.
/// </summary>
public static class MapCommunity
{
    /// <summary>Longer ago than <c>Map:CountAfterDays</c> (7 by default).</summary>
    public const int JoinedDaysAgo = 30;

    public sealed record Group(string? City, string? Country, Relation Relation, int Count, MapVisibility Visibility, bool Shown = true);

    /// <summary>The app's clock (a test may have set its own).</summary>
    public static DateTime Now(AtlasApp app) => app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    /// <summary>
    /// Gives a member made by a test the map's standing, as if all they did so far was done <see cref="JoinedDaysAgo"/>
    /// days ago: the account, its consent (given if missing), its relations and its place; and a confirmed address.
    /// </summary>
    public static Task GiveStandingAsync(AtlasApp app, int memberId) => app.WithDbAsync(async db =>
    {
        var joined = Now(app).AddDays(-JoinedDaysAgo);
        await db.Users.Where(m => m.Id == memberId).ExecuteUpdateAsync(u => u.SetProperty(m => m.CreatedAt, joined).SetProperty(m => m.EmailConfirmed, true));
        await db.Set<MemberRelation>().Where(r => r.MemberId == memberId).ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, joined));
        await db.Set<MemberLocation>().Where(l => l.MemberId == memberId).ExecuteUpdateAsync(u => u.SetProperty(l => l.UpdatedAt, joined));
        if (!await db.Set<MemberConsent>().AnyAsync(c => c.MemberId == memberId && c.Version == ConsentText.Version && c.WithdrawnAt == null))
        {
            db.Add(new MemberConsent { MemberId = memberId, Version = ConsentText.Version, GivenAt = joined });
            await db.SaveChangesAsync();
        }
    });

    /// <summary>Adds the groups' members to <paramref name="conditionSlug"/>; returns their pseudonyms by visibility.</summary>
    public static async Task<Dictionary<MapVisibility, List<string>>> SeedAsync(AtlasApp app, string conditionSlug, params Group[] groups)
    {
        var byVisibility = Enum.GetValues<MapVisibility>().ToDictionary(v => v, _ => new List<string>());
        await app.WithDbAsync(async db =>
        {
            var conditionId = await db.Conditions.Where(c => c.Slug == conditionSlug).Select(c => c.Id).SingleAsync();
            var joined = Now(app).AddDays(-JoinedDaysAgo);
            var placed = new List<(Member, Group, City?)>();
            foreach (var group in groups)
            {
                var city = group.City is null ? null : Gazetteer.Instance.Search(group.City, 1, group.Country) is [var first, ..] ? first : throw new InvalidOperationException(group.City);
                for (var i = 0; i < group.Count; i++)
                {
                    var (email, pseudonym) = Members.NewIdentity(group.Visibility.ToString().ToLowerInvariant());
                    var member = new Member
                    {
                        UserName = pseudonym, NormalizedUserName = pseudonym.ToUpperInvariant(), Pseudonym = pseudonym, PseudonymKey = Pseudonyms.Key(pseudonym),
                        Email = email, NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = joined,
                    };
                    db.Users.Add(member);
                    placed.Add((member, group, city));
                    byVisibility[group.Visibility].Add(pseudonym);
                }
            }
            await db.SaveChangesAsync();
            foreach (var (member, group, city) in placed)
            {
                db.Add(new MemberConsent { MemberId = member.Id, Version = ConsentText.Version, GivenAt = joined });
                db.Add(new MemberRelation { MemberId = member.Id, ConditionId = conditionId, Relation = group.Relation, ShowOnProfile = group.Shown, CreatedAt = joined });
                db.Add(new MemberLocation
                {
                    MemberId = member.Id, CityId = city?.Id, CityName = city?.Name, Country = city?.Country ?? group.Country,
                    Latitude = city?.Latitude, Longitude = city?.Longitude, Visibility = group.Visibility, UpdatedAt = joined,
                });
            }
            await db.SaveChangesAsync();
        });
        return byVisibility;
    }

    /// <summary>Two conditions of the starter catalog other than hemifacial spasm (the demo community's).</summary>
    public static Task<List<string>> OtherConditionsAsync(AtlasApp app, int count) =>
        app.WithDbAsync(db => db.Conditions.Where(c => c.Slug != "hemifacial-spasm" && !c.IsObsolete && c.Kind == PatientAtlas.Features.Catalog.ConditionKind.Condition)
            .OrderBy(c => c.Slug).Select(c => c.Slug).Take(count).ToListAsync());
}
