using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Places;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Map;

/// <summary>
/// The map page is output-cached for everyone (one entry per relation filter and language), and every write that
/// changes who it counts (a place hidden, a relation changed or removed, an account deleted, consent withdrawn) shows
/// at once on this node, on the map page and on the condition page's map line; a new place or relation counts only
/// after <c>Map:CountAfterDays</c>. Each test starts from 10 members in Lyon (one under k = 11), so the member under
/// test tips Lyon over k or back under it.
/// </summary>
public sealed class MapCacheTests
{
    /// <summary>
    /// The change notes are polled once, at start: what a test sees afterwards was evicted by the write itself on this
    /// node (and no poll evicts a page between the two reads that prove it cached).
    /// </summary>
    private static readonly Dictionary<string, string?> ThisNodeOnly = new() { ["Site:CacheSyncSeconds"] = "3600" };

    [Fact]
    public async Task The_map_page_is_served_from_the_cache_one_entry_per_filter_and_language()
    {
        await using var app = await AtlasApp.StartAsync(settings: ThisNodeOnly);
        var visitor = app.NewVisitor();
        foreach (var path in new[] { "/conditions/hemifacial-spasm/map", "/conditions/hemifacial-spasm/map?relation=Affected", "/es/conditions/hemifacial-spasm/map" })
        {
            using var first = await visitor.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Null(first.Headers.Age);
            using var second = await visitor.Http.GetAsync(path);
            Assert.NotNull(second.Headers.Age);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        }
        // The filtered entry is the filtered page, not the whole map's.
        var all = await visitor.GetAsync("/conditions/hemifacial-spasm/map");
        var affected = await visitor.GetAsync("/conditions/hemifacial-spasm/map?relation=Affected");
        Assert.NotEqual(all.Document.QuerySelector("#map-total")!.TextContent, affected.Document.QuerySelector("#map-total")!.TextContent);
        Assert.Equal("Affected", affected.Document.QuerySelector("#relation option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_member_who_hides_leaves_the_cached_map_and_condition_pages_at_once_and_a_new_place_waits_for_the_delay()
    {
        await using var app = await AtlasApp.StartAsync(settings: ThisNodeOnly);
        var (condition, visitor, memberId) = await TenInLyonAndOneMemberAsync(app);
        await LocationTests.RelateAsync(app, memberId, condition, Relation.Affected);
        await InLyonAsync(app, memberId);
        await MapCommunity.GiveStandingAsync(app, memberId);
        await AssertCachedCountAsync(app, condition, 11);

        var lyon = Gazetteer.Instance.Search("lyon", 1, "FR")[0];
        var hidden = await visitor.SubmitAsync("/account/location?q=lyon", "form#location", new Dictionary<string, string>
        {
            ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Hidden",
        });
        Assert.NotNull(hidden.Document.QuerySelector("#location-saved"));
        await AssertCachedCountAsync(app, condition, 0);

        // Out of hiding, the place counts only after Map:CountAfterDays: the pages are recomputed and still say nothing.
        var visible = await visitor.SubmitAsync("/account/location?q=lyon", "form#location", new Dictionary<string, string>
        {
            ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Visible",
        });
        Assert.NotNull(visible.Document.QuerySelector("#location-saved"));
        await AssertCachedCountAsync(app, condition, 0);
    }

    [Fact]
    public async Task Changing_and_removing_a_relation_shows_on_the_cached_map_and_condition_pages_at_once_and_a_new_one_waits_for_the_delay()
    {
        await using var app = await AtlasApp.StartAsync(settings: ThisNodeOnly);
        var (condition, visitor, memberId) = await TenInLyonAndOneMemberAsync(app);
        await InLyonAsync(app, memberId);
        var name = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == condition).Select(c => c.Name).SingleAsync());
        var added = await visitor.AddRelationAsync(name, condition, "Affected");
        Assert.Equal("/account/conditions", added.Url.AbsolutePath);
        await AssertCachedCountAsync(app, condition, 0);

        // Held long enough (written straight to the database, so nothing evicts); showing it, the same kind, keeps its
        // age, and that write evicts the pages: counted.
        await MapCommunity.GiveStandingAsync(app, memberId);
        var id = await app.WithDbAsync(db => db.Set<MemberRelation>().Where(r => r.MemberId == memberId).Select(r => r.Id).SingleAsync());
        await visitor.SubmitAsync("/account/conditions", $"form#change-{id}", new Dictionary<string, string> { ["Relation"] = "Affected", ["Show"] = "true" });
        await AssertCachedCountAsync(app, condition, 11);

        // Another kind is a new relation for the map: out at once, and back only after the delay.
        var changed = await visitor.SubmitAsync("/account/conditions", $"form#change-{id}", new Dictionary<string, string> { ["Relation"] = "Caregiver" });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(Relation.Caregiver, await app.WithDbAsync(db => db.Set<MemberRelation>().Where(r => r.Id == id).Select(r => r.Relation).SingleAsync()));
        await AssertCachedCountAsync(app, condition, 0);
        await visitor.SubmitAsync("/account/conditions", $"form#change-{id}", new Dictionary<string, string> { ["Relation"] = "Affected" });
        await AssertCachedCountAsync(app, condition, 0);

        // Removed: out at once. (Held long enough again; this straight write names the map's condition, as every bulk
        // write names its scope: a save through the page that changes nothing has nothing to evict.)
        await MapCommunity.GiveStandingAsync(app, memberId);
        await app.WriteAsync(async db => db.Changed.Conditions([await db.Conditions.Where(c => c.Slug == condition).Select(c => c.Id).SingleAsync()]));
        await AssertCachedCountAsync(app, condition, 11);
        var removed = await visitor.SubmitAsync("/account/conditions", $"form#remove-{id}");
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.False(await app.WithDbAsync(db => db.Set<MemberRelation>().AnyAsync(r => r.Id == id)));
        await AssertCachedCountAsync(app, condition, 0);
    }

    [Theory]
    [InlineData("account")]
    [InlineData("consent")]
    public async Task Deleting_the_account_or_withdrawing_consent_shows_on_the_cached_map_and_condition_pages_at_once(string what)
    {
        await using var app = await AtlasApp.StartAsync(settings: ThisNodeOnly);
        var (condition, visitor, memberId) = await TenInLyonAndOneMemberAsync(app);
        await InLyonAsync(app, memberId);
        await LocationTests.RelateAsync(app, memberId, condition, Relation.Affected);
        await MapCommunity.GiveStandingAsync(app, memberId);
        await AssertCachedCountAsync(app, condition, 11);

        var done = what == "account"
            ? await visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Choice"] = "delete", ["Password"] = Members.Password })
            : await visitor.SubmitAsync("/account/consent", "form#withdraw-consent", new Dictionary<string, string> { ["Choice"] = "delete" });
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.False(await app.WithDbAsync(db => db.Set<MemberRelation>().AnyAsync(r => r.MemberId == memberId)));
        await AssertCachedCountAsync(app, condition, 0);
    }

    /// <summary>10 counted members in Lyon for a condition nobody else uses, and a member who consented and has the map's standing.</summary>
    private static async Task<(string Condition, Visitor Visitor, int MemberId)> TenInLyonAndOneMemberAsync(AtlasApp app)
    {
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Lyon", "FR", Relation.Affected, 10, MapVisibility.Counted));
        var (visitor, email, _) = await app.MemberAsync();
        await visitor.ConsentAsync();
        var id = await app.MemberIdAsync(email);
        await MapCommunity.GiveStandingAsync(app, id);
        return (condition, visitor, id);
    }

    private static Task InLyonAsync(AtlasApp app, int memberId) => app.WithDbAsync(async db =>
    {
        var lyon = Gazetteer.Instance.Search("lyon", 1, "FR")[0];
        db.Add(new MemberLocation
        {
            MemberId = memberId, CityId = lyon.Id, CityName = lyon.Name, Country = lyon.Country, Latitude = lyon.Latitude, Longitude = lyon.Longitude,
            Visibility = MapVisibility.Counted, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    });

    /// <summary>
    /// The map page (in both languages) and the condition page's map line count <paramref name="lyon"/> members in Lyon
    /// (0: no country shown), and each is in the cache afterwards, so the next write must evict it to be seen.
    /// </summary>
    private static async Task AssertCachedCountAsync(AtlasApp app, string condition, int lyon)
    {
        var stranger = app.NewVisitor();
        foreach (var (prefix, oneCountry) in new[] { ("", $"{lyon} members in 1 country"), ("/es", $"{lyon} miembros en 1 país") })
        {
            var map = await stranger.GetAsync($"{prefix}/conditions/{condition}/map");
            Assert.Equal(HttpStatusCode.OK, map.Status);
            var shaded = map.Document.QuerySelectorAll("path.country[data-count]:not([data-count=''])").Select(p => (p.GetAttribute("data-country"), p.GetAttribute("data-count"))).ToList();
            var line = (await stranger.GetAsync($"{prefix}/conditions/{condition}")).Document.QuerySelector("#map-link")!.TextContent;
            if (lyon == 0)
            {
                Assert.Empty(shaded);
                Assert.Empty(map.Document.QuerySelectorAll("tr.country-row, tr.city-row"));
                Assert.DoesNotContain(oneCountry, line, StringComparison.Ordinal);
            }
            else
            {
                var count = lyon.ToString(CultureInfo.InvariantCulture);
                Assert.Equal([("FR", count)], shaded);
                Assert.Equal(count, map.Document.QuerySelector("tr.city-row")!.GetAttribute("data-count"));
                Assert.Contains(oneCountry, line, StringComparison.Ordinal);
            }
            using var again = await stranger.Http.GetAsync($"{prefix}/conditions/{condition}/map");
            Assert.NotNull(again.Headers.Age);
        }
    }
}
