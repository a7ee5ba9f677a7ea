using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Places;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Map;

/// <summary>
/// The privacy crawl: on a seeded community, every page and API answer a stranger, a member and a moderator can reach
/// for several conditions and every relation filter. No hidden (or merely counted) member's pseudonym appears, no
/// published count is under k, no two views subtract to a count under k, and the only coordinates are city centres.
/// </summary>
public sealed class MapPrivacyCrawlTests
{
    private const int K = 11;

    [Fact]
    public async Task No_view_shows_a_hidden_member_a_count_under_k_a_difference_under_k_or_a_place_finer_than_a_city()
    {
        await using var app = await AtlasApp.StartAsync();
        var others = await MapCommunity.OtherConditionsAsync(app, 2);
        var (mixed, tiny) = (others[0], others[1]);
        var seededMixed = await MapCommunity.SeedAsync(app, mixed,
            new("Lyon", "FR", Relation.Affected, 11, MapVisibility.Counted),
            new("Lyon", "FR", Relation.Affected, 2, MapVisibility.Hidden),
            new("Lyon", "FR", Relation.Caregiver, 3, MapVisibility.Counted),
            new(null, "FR", Relation.Affected, 10, MapVisibility.Counted),
            new("Tokyo", "JP", Relation.Affected, 1, MapVisibility.Visible),
            new("Osaka", "JP", Relation.Caregiver, 2, MapVisibility.Counted));
        var seededTiny = await MapCommunity.SeedAsync(app, tiny,
            new("Madrid", "ES", Relation.Affected, 6, MapVisibility.Counted),
            new("Madrid", "ES", Relation.Affected, 4, MapVisibility.Hidden));
        var secret = seededMixed[MapVisibility.Hidden].Concat(seededMixed[MapVisibility.Counted]).Concat(seededTiny[MapVisibility.Hidden]).Concat(seededTiny[MapVisibility.Counted]).ToList();

        var stranger = app.NewVisitor();
        var (member, _, _) = await app.MemberAsync();
        var (moderator, _, _) = await app.MemberAsync("moderator");
        var views = new Dictionary<string, Dictionary<string, MapApi.MapAnswer>>();
        foreach (var visitor in new[] { stranger, member, moderator })
        {
            foreach (var condition in new[] { "hemifacial-spasm", mixed, tiny })
            {
                var byFilter = new Dictionary<string, MapApi.MapAnswer>();
                foreach (var filter in Enum.GetNames<Relation>().Prepend(""))
                {
                    var query = filter.Length == 0 ? "" : "?relation=" + filter;
                    using var response = await visitor.Http.GetAsync($"/api/v1/conditions/{condition}/map{query}");
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var body = await response.Content.ReadAsStringAsync();
                    AssertNoneOf(secret, body, response.RequestMessage!.RequestUri!);
                    var answer = (await response.Content.ReadFromJsonAsync<MapApi.MapAnswer>())!;
                    AssertCountsAtLeastK(answer);
                    AssertOnlyCityCentres(answer);
                    byFilter[filter] = answer;

                    foreach (var prefix in new[] { "", "/es" })
                    {
                        var page = await visitor.GetAsync($"{prefix}/conditions/{condition}/map{query}");
                        Assert.Equal(HttpStatusCode.OK, page.Status);
                        AssertNoneOf(secret, page.Document.DocumentElement.OuterHtml, page.Url);
                        AssertPageMatches(page.Document, answer);
                    }
                }
                AssertNoDifferenceUnderK(byFilter);
                foreach (var prefix in new[] { "", "/es" })
                {
                    var overview = await visitor.GetAsync($"{prefix}/conditions/{condition}");
                    AssertNoneOf(secret, overview.Document.DocumentElement.OuterHtml, overview.Url);
                    var summary = overview.Document.QuerySelector("#map-link")!.TextContent;
                    var all = byFilter[""];
                    Assert.Contains(all.Members == 0 ? "" : all.Members.ToString(CultureInfo.InvariantCulture), summary, StringComparison.Ordinal);
                }
                views[condition] = byFilter;
            }
        }

        // The mixed community, by hand: Lyon's 11 affected members are a cell (its 2 hidden ones count nowhere); France's
        // 10 country-only affected members and Tokyo's 1 make "elsewhere, affected" 11; the 5 caregivers (3 in Lyon, 2 in
        // Osaka) are too few anywhere and are published nowhere.
        var m = views[mixed][""];
        Assert.Equal(22, m.Members);
        Assert.Equal(11, m.Elsewhere);
        var france = Assert.Single(m.Places);
        Assert.Equal(("FR", 11, 0), (france.Country, france.Members, france.RestOfCountry));
        Assert.Equal(("Lyon", 11), (france.Cities.Single().Name, france.Cities.Single().Members));
        Assert.Equal([new MapApi.RelationCount("Affected", 22)], m.Relations);
        Assert.Equal(0, views[mixed]["Caregiver"].Members);
        // The tiny community (6 counted in Madrid) shows nothing at all.
        Assert.Equal(0, views[tiny][""].Members);
        Assert.Empty(views[tiny][""].Places);
        // The demo community shows several countries and cities above k.
        var demo = views["hemifacial-spasm"][""];
        Assert.True(demo.Countries >= 4 && demo.Places.Sum(p => p.Cities.Count) >= 3, $"{demo.Countries} countries");
    }

    private static void AssertNoneOf(IEnumerable<string> pseudonyms, string body, Uri where)
    {
        foreach (var pseudonym in pseudonyms)
        {
            Assert.False(body.Contains(pseudonym, StringComparison.OrdinalIgnoreCase), $"{where} shows {pseudonym}");
        }
    }

    private static void AssertAtLeastK(int count, string what) => Assert.True(count == 0 || count >= K, $"{what}: {count} is under k");

    private static void AssertCountsAtLeastK(MapApi.MapAnswer answer)
    {
        AssertAtLeastK(answer.Members, "members");
        AssertAtLeastK(answer.Elsewhere, "elsewhere");
        foreach (var relation in answer.Relations)
        {
            AssertAtLeastK(relation.Members, relation.Relation ?? "mixed");
        }
        foreach (var country in answer.Places)
        {
            AssertAtLeastK(country.Members, country.Country);
            AssertAtLeastK(country.RestOfCountry, country.Country + " rest");
            Assert.Equal(country.Members, country.Cities.Sum(c => c.Members) + country.RestOfCountry);
            foreach (var city in country.Cities)
            {
                AssertAtLeastK(city.Members, city.Name);
            }
        }
        Assert.Equal(answer.Members, answer.Places.Sum(p => p.Members) + answer.Elsewhere);
    }

    private static void AssertOnlyCityCentres(MapApi.MapAnswer answer)
    {
        foreach (var city in answer.Places.SelectMany(p => p.Cities))
        {
            var centre = Gazetteer.Instance.Find(city.GeonamesId)!;
            Assert.Equal((centre.Latitude, centre.Longitude), (city.Latitude, city.Longitude));
        }
    }

    /// <summary>
    /// Every pair of views over nested sets of members: all relations against the sum of the relation filters, per place
    /// and in total; a country against its cities. Each difference is 0 or at least k.
    /// </summary>
    private static void AssertNoDifferenceUnderK(Dictionary<string, MapApi.MapAnswer> views)
    {
        var all = views[""];
        var filters = views.Where(v => v.Key.Length > 0).Select(v => v.Value).ToList();
        AssertAtLeastK(all.Members - filters.Sum(f => f.Members), "total minus the relations");
        AssertAtLeastK(all.Elsewhere - filters.Sum(f => f.Elsewhere), "elsewhere minus the relations");
        foreach (var relation in all.Relations.Where(r => r.Relation is not null))
        {
            Assert.Equal(relation.Members, views[relation.Relation!].Members);
        }
        foreach (var country in all.Places)
        {
            var parts = filters.SelectMany(f => f.Places).Where(p => p.Country == country.Country).ToList();
            AssertAtLeastK(country.Members - parts.Sum(p => p.Members), country.Country + " minus its relations");
            AssertAtLeastK(country.RestOfCountry - parts.Sum(p => p.RestOfCountry), country.Country + " rest minus its relations");
            foreach (var city in country.Cities)
            {
                var cityParts = parts.SelectMany(p => p.Cities).Where(c => c.GeonamesId == city.GeonamesId).Sum(c => c.Members);
                AssertAtLeastK(city.Members - cityParts, city.Name + " minus its relations");
            }
        }
        foreach (var view in views.Values)
        {
            // A filtered view never shows a place the unfiltered view does not, nor more members there.
            foreach (var country in view.Places)
            {
                var whole = all.Places.Single(p => p.Country == country.Country);
                AssertAtLeastK(whole.Members - country.Members, "a country minus one relation");
            }
        }
    }

    /// <summary>The page publishes the API's numbers and nothing else: its table, totals and map, with city circles at city centres.</summary>
    private static void AssertPageMatches(IHtmlDocument page, MapApi.MapAnswer answer)
    {
        foreach (var element in page.QuerySelectorAll("[data-count]"))
        {
            var value = element.GetAttribute("data-count")!;
            if (value.Length > 0)
            {
                AssertAtLeastK(int.Parse(value, CultureInfo.InvariantCulture), element.OuterHtml[..Math.Min(80, element.OuterHtml.Length)]);
            }
        }
        var total = page.QuerySelector("#map-total")?.TextContent;
        Assert.Equal(answer.Members == 0 ? null : answer.Members.ToString(CultureInfo.InvariantCulture), total);
        var rows = page.QuerySelectorAll("tr.country-row").Select(r => (r.GetAttribute("data-country"), int.Parse(r.GetAttribute("data-count")!, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(answer.Places.Select(p => ((string?)p.Country, p.Members)).ToList(), rows);
        var cities = answer.Places.SelectMany(p => p.Cities).ToDictionary(c => c.GeonamesId);
        var circles = page.QuerySelectorAll("svg circle.city").ToList();
        Assert.Equal(cities.Count, circles.Count);
        foreach (var circle in circles)
        {
            var city = cities[int.Parse(circle.GetAttribute("data-city")!, CultureInfo.InvariantCulture)];
            var (x, y) = WorldMap.Project(city.Longitude, city.Latitude);
            Assert.Equal(Math.Round(x, 1).ToString(CultureInfo.InvariantCulture), circle.GetAttribute("cx"));
            Assert.Equal(Math.Round(y, 1).ToString(CultureInfo.InvariantCulture), circle.GetAttribute("cy"));
            Assert.Equal(city.Members.ToString(CultureInfo.InvariantCulture), circle.GetAttribute("data-count"));
        }
    }
}
