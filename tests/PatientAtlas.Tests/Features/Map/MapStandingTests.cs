using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Places;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Map;

/// <summary>
/// k-anonymity against fake accounts: the map counts a member only with standing (a confirmed address, consent to the
/// current text, an account at least <c>Map:CountAfterDays</c> old, not suspended), so accounts made to tip a small cell
/// over k change nothing published until they have waited that long. The pages are read without the output cache, so
/// what they show is what the counts are at that moment.
/// </summary>
public sealed class MapStandingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Uncached = new() { ["Site:OutputCache"] = "false" };

    [Fact]
    public async Task Ten_fresh_accounts_beside_five_real_members_change_nothing_published_until_they_have_standing()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await AtlasApp.StartAsync(settings: Uncached, clock: clock);
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var name = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == condition).Select(c => c.Name).SingleAsync());
        // Five real members in Barcelona: under k, so Barcelona, Spain and "elsewhere" are all unpublished.
        await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Barcelona", "ES", Relation.Affected, 5, MapVisibility.Counted));
        var before = await PublishedAsync(app, condition);
        Assert.Equal(0, before.Answer.Members);

        // The attack of the report: ten accounts made as anyone makes them (sign-up, the confirmation mail, consent, a
        // relation, Barcelona), which would turn the hidden cell into "Barcelona 15".
        var barcelona = Gazetteer.Instance.Search("Barcelona", 1, "ES")[0];
        for (var i = 0; i < 10; i++)
        {
            var fake = await app.SignedUpAsync();
            await fake.ConsentAsync();
            Assert.Equal("/account/conditions", (await fake.AddRelationAsync(name, condition, "Affected")).Url.AbsolutePath);
            var placed = await fake.SubmitAsync("/account/location?q=barcelona", "form#location", new Dictionary<string, string>
            {
                ["Place"] = "city", ["CityId"] = barcelona.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Counted",
            });
            Assert.NotNull(placed.Document.QuerySelector("#location-saved"));
        }
        Assert.Equal(before, await PublishedAsync(app, condition));

        // A minute before the seventh day: still nothing.
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(before, await PublishedAsync(app, condition));

        // Once they have standing they count like anyone: the attack now costs a week of waiting per account.
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await PublishedAsync(app, condition);
        var spain = Assert.Single(after.Answer.Places);
        Assert.Equal(("ES", 15, "Barcelona", 15), (spain.Country, spain.Members, spain.Cities.Single().Name, spain.Cities.Single().Members));
        Assert.Contains("15", after.Page, StringComparison.Ordinal);
        Assert.Contains("15 members in 1 country", after.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_old_accounts_moved_beside_five_real_members_change_nothing_published_until_the_move_is_as_old_as_the_delay()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await AtlasApp.StartAsync(settings: Uncached, clock: clock);
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        var name = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == condition).Select(c => c.Name).SingleAsync());
        await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Barcelona", "ES", Relation.Affected, 5, MapVisibility.Counted));
        // Ten accounts an attacker made long ago, with their relation, waiting in Portugal (under k: published nowhere).
        var barcelona = Gazetteer.Instance.Search("Barcelona", 1, "ES")[0];
        var ring = new List<Visitor>();
        for (var i = 0; i < 10; i++)
        {
            var (fake, email, _) = await app.MemberAsync();
            await fake.ConsentAsync();
            await fake.AddRelationAsync(name, condition, "Affected");
            await fake.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "country", ["Country"] = "PT", ["Visibility"] = "Counted" });
            await MapCommunity.GiveStandingAsync(app, await app.MemberIdAsync(email));
            ring.Add(fake);
        }
        // (Ten plus five pool into one "elsewhere" count of 15, which says nothing of where anyone is.)
        Assert.Null(await BarcelonaAsync(app, condition, barcelona.Id));

        // Moved to Barcelona at once: the city stays unpublished for a week (the movers count nowhere meanwhile).
        foreach (var fake in ring)
        {
            var moved = await fake.SubmitAsync("/account/location?q=barcelona", "form#location", new Dictionary<string, string>
            {
                ["Place"] = "city", ["CityId"] = barcelona.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Counted",
            });
            Assert.NotNull(moved.Document.QuerySelector("#location-saved"));
        }
        Assert.Null(await BarcelonaAsync(app, condition, barcelona.Id));
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Null(await BarcelonaAsync(app, condition, barcelona.Id));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(15, await BarcelonaAsync(app, condition, barcelona.Id));
    }

    /// <summary>Barcelona's published count in the API and on the map page (null: unpublished in both).</summary>
    private static async Task<int?> BarcelonaAsync(AtlasApp app, string condition, int barcelonaId)
    {
        var published = await PublishedAsync(app, condition);
        var api = published.Answer.Places.SelectMany(p => p.Cities).Where(c => c.GeonamesId == barcelonaId).Select(c => (int?)c.Members).SingleOrDefault();
        var page = await app.NewVisitor().GetAsync($"/conditions/{condition}/map");
        var row = page.Document.QuerySelector($"svg circle.city[data-city='{barcelonaId}']")?.GetAttribute("data-count");
        Assert.Equal(api?.ToString(CultureInfo.InvariantCulture), row);
        return api;
    }

    [Fact]
    public async Task Members_without_a_confirmed_address_current_consent_or_an_end_to_their_suspension_are_not_counted()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = await AtlasApp.StartAsync(settings: Uncached, clock: clock);
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Lyon", "FR", Relation.Affected, 11, MapVisibility.Counted));
        Assert.Equal(11, await LyonAsync(app, condition));

        // Four old accounts in Lyon, each lacking one part of standing.
        var four = await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Lyon", "FR", Relation.Affected, 4, MapVisibility.Counted));
        var ids = await app.WithDbAsync(db => db.Users.Where(m => four[MapVisibility.Counted].Contains(m.Pseudonym)).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync());
        var now = clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(m => m.Id == ids[0]).ExecuteUpdateAsync(u => u.SetProperty(m => m.EmailConfirmed, false));
            await db.Set<MemberConsent>().Where(c => c.MemberId == ids[1]).ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, "2020-01"));
            await db.Set<MemberConsent>().Where(c => c.MemberId == ids[2]).ExecuteUpdateAsync(u => u.SetProperty(c => c.WithdrawnAt, now));
            await db.Users.Where(m => m.Id == ids[3]).ExecuteUpdateAsync(u => u.SetProperty(m => m.SuspendedUntil, now.AddDays(2)));
        });
        Assert.Equal(11, await LyonAsync(app, condition));

        // The suspension ends: counted again.
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(12, await LyonAsync(app, condition));
    }

    [Fact]
    public async Task The_delay_is_the_map_option_and_zero_turns_it_off()
    {
        var settings = new Dictionary<string, string?>(Uncached) { ["Map:CountAfterDays"] = "0" };
        await using var app = await AtlasApp.StartAsync(settings: settings, clock: new FakeTimeProvider(Start));
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Lyon", "FR", Relation.Affected, 10, MapVisibility.Counted));
        var fresh = await app.SignedUpAsync();
        await fresh.ConsentAsync();
        var name = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == condition).Select(c => c.Name).SingleAsync());
        await fresh.AddRelationAsync(name, condition, "Affected");
        var lyon = Gazetteer.Instance.Search("lyon", 1, "FR")[0];
        await fresh.SubmitAsync("/account/location?q=lyon", "form#location", new Dictionary<string, string>
        {
            ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Counted",
        });
        Assert.Equal(11, await LyonAsync(app, condition));
    }

    /// <summary>What a stranger can read of the condition's map: the API's answer, the map page's counts and the condition page's map line.</summary>
    private sealed record Published(MapApi.MapAnswer Answer, string AnswerJson, string Page, string Summary)
    {
        public bool Equals(Published? other) => other is not null && AnswerJson == other.AnswerJson && Page == other.Page && Summary == other.Summary;

        public override int GetHashCode() => HashCode.Combine(AnswerJson, Page, Summary);
    }

    private static async Task<Published> PublishedAsync(AtlasApp app, string condition)
    {
        var stranger = app.NewVisitor();
        using var response = await stranger.Http.GetAsync($"/api/v1/conditions/{condition}/map");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        var answer = (await response.Content.ReadFromJsonAsync<MapApi.MapAnswer>())!;
        var page = await stranger.GetAsync($"/conditions/{condition}/map");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        // Every number the page publishes: the total, the table's rows and every shaded country or city circle.
        var counts = string.Join("|", page.Document.QuerySelectorAll("#map-total, tr.country-row, tr.city-row, [data-count]")
            .Select(e => e.GetAttribute("data-count") ?? e.TextContent.Trim()));
        var summary = (await stranger.GetAsync($"/conditions/{condition}")).Document.QuerySelector("#map-link")!.TextContent;
        return new Published(answer, json, counts, summary);
    }

    private static async Task<int> LyonAsync(AtlasApp app, string condition)
    {
        var answer = await app.Client.GetFromJsonAsync<MapApi.MapAnswer>($"/api/v1/conditions/{condition}/map");
        return answer!.Places.SelectMany(p => p.Cities).Where(c => c.Name == "Lyon").Sum(c => c.Members);
    }
}
