using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Features.Places;

namespace PatientAtlas.Features.Map;

/// <summary>
/// The demo community of hemifacial spasm's map: members spread over several countries, so the map shows countries
/// and a few cities above k = 11, a pooled "relation not shown" cell, a hidden member who is counted nowhere, a few
/// visible members for "people near me", and two organisations. These accounts have no password (nobody signs in
/// as them) and are demo content like the demo accounts: <c>remove-demo</c> removes them. They joined a year before the
/// seeding, so they have the standing the map asks of every counted member (<see cref="MapOptions.CountAfterDays"/>).
/// </summary>
public static class DemoCommunity
{
    public const string Condition = "ORPHA:221083";

    /// <summary>How long before the seeding the demo community joined: more than the largest <see cref="MapOptions.CountAfterDays"/>.</summary>
    public const int JoinedDaysAgo = 366;

    /// <summary>(city, country or null for a country-only member, relation, how many, visibility).</summary>
    private static readonly (string? City, string Country, Relation Relation, int Count, MapVisibility Visibility)[] Groups =
    [
        ("Madrid", "ES", Relation.Affected, 11, MapVisibility.Counted),
        ("Madrid", "ES", Relation.Affected, 3, MapVisibility.Visible),
        ("Madrid", "ES", Relation.Affected, 2, MapVisibility.Hidden),
        ("Barcelona", "ES", Relation.Affected, 4, MapVisibility.Counted),
        ("Sevilla", "ES", Relation.Affected, 7, MapVisibility.Counted),
        ("Sevilla", "ES", Relation.FamilyAndFriends, 1, MapVisibility.Visible),
        ("Mexico City", "MX", Relation.Affected, 12, MapVisibility.Counted),
        ("Buenos Aires", "AR", Relation.Affected, 11, MapVisibility.Counted),
        ("London", "GB", Relation.Affected, 12, MapVisibility.Counted),
        ("London", "GB", Relation.Caregiver, 1, MapVisibility.Visible),
        (null, "US", Relation.Affected, 15, MapVisibility.Counted),
        ("Berlin", "DE", Relation.Caregiver, 4, MapVisibility.Counted),
        ("Paris", "FR", Relation.Caregiver, 3, MapVisibility.Counted),
        ("Rome", "IT", Relation.Professional, 3, MapVisibility.Counted),
        (null, "CA", Relation.FamilyAndFriends, 2, MapVisibility.Counted),
    ];

    /// <summary>Where the demo accounts are: Marta in Madrid, visible, so "people near me" has someone to show her.</summary>
    private static readonly (string Email, string City, string Country, MapVisibility Visibility)[] AccountPlaces =
    [
        ("member@demo.invalid", "Madrid", "ES", MapVisibility.Visible),
        ("reviewer@demo.invalid", "London", "GB", MapVisibility.Counted),
        ("moderator@demo.invalid", "Lisbon", "PT", MapVisibility.Counted),
    ];

    public static async Task SeedAsync(AtlasDb db, DateTime now, CancellationToken cancellationToken)
    {
        if (!CodeSystems.TryParse(Condition, out var system, out var code))
        {
            return;
        }
        var conditionId = await db.ConditionCodes.Where(c => c.System == system && c.Code == code)
            .Join(db.Conditions.Where(c => !c.IsObsolete), c => c.ConditionId, c => c.Id, (_, c) => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (conditionId is null || await db.Users.AnyAsync(m => m.Email == "hfs001@demo.invalid", cancellationToken))
        {
            return;
        }
        var gazetteer = Gazetteer.Instance;
        City? Find(string? name, string country) => name is null ? null : gazetteer.Search(name, 1, country) is [var first, ..] ? first : null;

        var joined = now.AddDays(-JoinedDaysAgo);
        var n = 0;
        var placed = new List<(Member Member, City? City, string Country, Relation Relation, MapVisibility Visibility)>();
        foreach (var group in Groups)
        {
            var city = Find(group.City, group.Country);
            for (var i = 0; i < group.Count; i++)
            {
                n++;
                var pseudonym = $"hfs_demo_{n:000}";
                var member = new Member
                {
                    UserName = pseudonym, NormalizedUserName = pseudonym.ToUpperInvariant(), Pseudonym = pseudonym, PseudonymKey = Pseudonyms.Key(pseudonym),
                    Email = $"hfs{n:000}@demo.invalid", NormalizedEmail = $"HFS{n:000}@DEMO.INVALID", EmailConfirmed = true,
                    SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), CreatedAt = joined, IsDemo = true,
                };
                db.Users.Add(member);
                placed.Add((member, city, group.Country, group.Relation, group.Visibility));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (member, city, country, relation, visibility) in placed)
        {
            db.Add(new MemberConsent { MemberId = member.Id, Version = ConsentText.Version, GivenAt = joined });
            db.Add(new MemberRelation { MemberId = member.Id, ConditionId = conditionId.Value, Relation = relation, CreatedAt = joined, ShowOnProfile = visibility == MapVisibility.Visible });
            db.Add(Place(member.Id, city, country, visibility, joined));
        }
        foreach (var (email, cityName, country, visibility) in AccountPlaces)
        {
            var id = await db.Users.Where(m => m.Email == email).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is not null && !await db.Set<MemberLocation>().AnyAsync(l => l.MemberId == id, cancellationToken))
            {
                db.Add(Place(id.Value, Find(cityName, country), country, visibility, now));
            }
        }
        var madrid = Find("Madrid", "ES");
        var london = Find("London", "GB");
        db.Add(new Organisation
        {
            Slug = "asociacion-espasmo-hemifacial-demo", Name = "Asociación Espasmo Hemifacial (demo)", Kind = OrganisationKind.Organisation,
            Website = "https://example.org/", CityId = madrid?.Id, CityName = madrid?.Name, Country = "ES", Latitude = madrid?.Latitude, Longitude = madrid?.Longitude,
            Verified = true, IsDemo = true, CreatedAt = now, UpdatedAt = now, Conditions = [new OrganisationCondition { ConditionId = conditionId.Value }],
        });
        db.Add(new Organisation
        {
            Slug = "dr-demo-neurology-clinic", Name = "Dr Demo's neurology clinic (demo)", Kind = OrganisationKind.Professional,
            Website = "https://example.com/", CityId = london?.Id, CityName = london?.Name, Country = "GB", Latitude = london?.Latitude, Longitude = london?.Longitude,
            Verified = false, IsDemo = true, CreatedAt = now, UpdatedAt = now, Conditions = [new OrganisationCondition { ConditionId = conditionId.Value }],
        });
        await db.SaveChangesAsync(cancellationToken);
        await ConverseAsync(db, placed.Where(p => p.Visibility == MapVisibility.Visible).Select(p => p.Member.Id).ToList(), now, cancellationToken);
    }

    /// <summary>Marta's demo inbox: an accepted request with a short conversation, and a request waiting for her answer.</summary>
    private static async Task ConverseAsync(AtlasDb db, List<int> visible, DateTime now, CancellationToken cancellationToken)
    {
        var marta = await db.Users.Where(m => m.Email == "member@demo.invalid").Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken);
        if (marta is null || visible.Count < 2)
        {
            return;
        }
        var conversation = new Messages.Conversation { FirstId = visible[0], SecondId = marta.Value, CreatedAt = now.AddDays(-3), LastMessageAt = now.AddDays(-2) };
        db.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        db.Add(new Messages.ContactRequest
        {
            FromId = visible[0], ToId = marta.Value, Status = Messages.ContactStatus.Accepted, CreatedAt = now.AddDays(-3), DecidedAt = now.AddDays(-3), ConversationId = conversation.Id,
            Message = "Hi Marta, I saw we are both in Madrid. I was diagnosed last year; could we compare notes on botulinum injections?",
        });
        db.Add(new Messages.ConversationMessage { ConversationId = conversation.Id, SenderId = visible[0], SentAt = now.AddDays(-3), Text = "Hi Marta, I saw we are both in Madrid. I was diagnosed last year; could we compare notes on botulinum injections?" });
        db.Add(new Messages.ConversationMessage { ConversationId = conversation.Id, SenderId = marta.Value, SentAt = now.AddDays(-2), Text = "Of course! Mine are every three months at the hospital; the first week is the hardest. How are yours going?" });
        db.Add(new Messages.ContactRequest
        {
            FromId = visible[1], ToId = marta.Value, CreatedAt = now.AddDays(-1),
            Message = "Hello, I am also in Madrid and newly diagnosed. Would you be open to a chat?",
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static MemberLocation Place(int memberId, City? city, string country, MapVisibility visibility, DateTime now) => new()
    {
        MemberId = memberId, CityId = city?.Id, CityName = city?.Name, Country = country, Latitude = city?.Latitude, Longitude = city?.Longitude,
        Visibility = visibility, UpdatedAt = now,
    };

    public static Task<int> RemoveAsync(AtlasDb db, CancellationToken cancellationToken) =>
        db.Set<Organisation>().Where(o => o.IsDemo).ExecuteDeleteAsync(cancellationToken);
}
