using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Places;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Map;

public sealed class LocationTests
{
    [Theory]
    [InlineData("sao paulo")]
    [InlineData("SÃO PAULO")]
    [InlineData("São Paulo, BR")]
    public async Task A_city_is_found_without_accents_in_any_case_with_or_without_its_country(string query)
    {
        await using var app = await AtlasApp.StartAsync();
        var found = await app.Client.GetFromJsonAsync<List<PlacesApi.CityItem>>("/api/v1/places/cities?q=" + Uri.EscapeDataString(query));
        Assert.Equal(("São Paulo", "BR"), (found![0].Name, found[0].Country));

        // Without JavaScript: the location page's search form lists the cities to choose from.
        var (visitor, _, _) = await app.MemberAsync();
        var page = await visitor.GetAsync("/account/location?q=" + Uri.EscapeDataString(query));
        Assert.Contains("São Paulo, Brazil", page.Document.QuerySelector("form#location")!.TextContent, StringComparison.Ordinal);
        var spanish = await visitor.GetAsync("/es/account/location?q=" + Uri.EscapeDataString(query));
        Assert.Contains("São Paulo, Brasil", spanish.Document.QuerySelector("form#location")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chosen_city_keeps_only_the_city_and_counts_on_the_map_and_in_my_data()
    {
        await using var app = await AtlasApp.StartAsync();
        var condition = (await MapCommunity.OtherConditionsAsync(app, 1))[0];
        await MapCommunity.SeedAsync(app, condition, new MapCommunity.Group("Lyon", "FR", Relation.Affected, 11, MapVisibility.Counted));
        var (visitor, email, _) = await app.MemberAsync();
        var id = await app.MemberIdAsync(email);
        await RelateAsync(app, id, condition, Relation.Affected);
        Assert.Contains("11", (await visitor.GetAsync($"/conditions/{condition}")).Document.QuerySelector("#map-link")!.TextContent, StringComparison.Ordinal);

        var found = await visitor.GetAsync("/account/location?q=lyon");
        var lyon = Gazetteer.Instance.Search("lyon", 1, "FR")[0];
        var saved = await visitor.SubmitAsync(found.Document, found.Url, "form#location", new Dictionary<string, string>
        {
            ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Counted",
        });
        Assert.NotNull(saved.Document.QuerySelector("#location-saved"));
        var stored = await app.WithDbAsync(db => db.MemberLocations.AsNoTracking().SingleAsync(l => l.MemberId == id));
        Assert.Equal((lyon.Id, "Lyon", "FR", lyon.Latitude, lyon.Longitude), (stored.CityId!.Value, stored.CityName!, stored.Country!, stored.Latitude!.Value, stored.Longitude!.Value));

        // A new place counts only once it has been held for Map:CountAfterDays (so an account cannot be moved to probe a cell).
        async Task<int> LyonAsync() => (await app.Client.GetFromJsonAsync<MapApi.MapAnswer>($"/api/v1/conditions/{condition}/map"))!.Places.Single().Cities.Single().Members;
        Assert.Equal(11, await LyonAsync());
        await MapCommunity.GiveStandingAsync(app, id);
        Assert.Equal(12, await LyonAsync());

        // Contact requests turned off: the place is kept, and still counts.
        await visitor.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Counted", ["RequestsOff"] = "true" });
        Assert.Equal(12, await LyonAsync());

        // Hidden: counted nowhere, at once (the condition page, cached for everyone, too: the change evicted it).
        var hidden = await visitor.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Hidden" });
        Assert.NotNull(hidden.Document.QuerySelector("#location-saved"));
        Assert.Equal(11, await LyonAsync());
        Assert.Contains("11", (await visitor.GetAsync($"/conditions/{condition}")).Document.QuerySelector("#map-link")!.TextContent, StringComparison.Ordinal);

        // Back from hidden: counted again only after the delay.
        await visitor.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Counted" });
        Assert.Equal(11, await LyonAsync());
        await visitor.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "city", ["CityId"] = lyon.Id.ToString(CultureInfo.InvariantCulture), ["Visibility"] = "Hidden" });

        var data = await visitor.GetAsync("/account/data");
        using var download = await visitor.Http.GetAsync(data.Document.QuerySelector("a#download")!.GetAttribute("href")!);
        var json = await download.Content.ReadAsStringAsync();
        Assert.Matches("\"city\": ?\"Lyon\"", json);
        Assert.Matches("\"visibility\": ?\"Hidden\"", json);
    }

    [Fact]
    public async Task The_relations_and_location_pages_say_plainly_which_relations_people_near_me_lists()
    {
        await using var app = await AtlasApp.StartAsync();
        var conditions = await MapCommunity.OtherConditionsAsync(app, 2);
        var names = await app.WithDbAsync(db => db.Conditions.Where(c => conditions.Contains(c.Slug)).ToDictionaryAsync(c => c.Slug, c => c.Name));
        var (visitor, email, _) = await app.MemberAsync();
        await visitor.ConsentAsync();
        var id = await app.MemberIdAsync(email);
        await RelateAsync(app, id, conditions[0], Relation.Affected, shown: true);
        await RelateAsync(app, id, conditions[1], Relation.Caregiver);

        // The relations page: each relation says where it appears, and where the place's visibility is chosen.
        var relations = await visitor.GetAsync("/account/conditions");
        string Hint(PageResult page, string slug) => page.Document.QuerySelector($"li.relation[data-condition='{slug}'] .hint")!.TextContent;
        Assert.Equal("Shown to other members: on your profile and in people near me", Hint(relations, conditions[0]));
        Assert.Equal("Private: only you see it (not on your profile, not in people near me)", Hint(relations, conditions[1]));
        Assert.Equal("Show to other members (on my profile and in people near me)", relations.Document.QuerySelector($"label[for^='Show_']")!.TextContent);
        Assert.Equal("/account/location", relations.Document.QuerySelector("#near-hint a")!.GetAttribute("href"));
        var spanish = await visitor.GetAsync("/es/account/conditions");
        Assert.Equal("Privada: solo tú la ves (ni en tu perfil ni en personas cerca de ti)", Hint(spanish, conditions[1]));

        // The location page: counted only, so listed nowhere (and sees nobody).
        var counted = await visitor.GetAsync("/account/location");
        Assert.NotNull(counted.Document.QuerySelector("#near-not-listed"));
        Assert.Equal("/account/conditions", counted.Document.QuerySelector("a#change-relations")!.GetAttribute("href"));

        // Visible: listed under the shown relation, never under the private one.
        var saved = await visitor.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "country", ["Country"] = "ES", ["Visibility"] = "Visible" });
        Assert.NotNull(saved.Document.QuerySelector("#location-saved"));
        Assert.Equal([names[conditions[0]]], saved.Document.QuerySelectorAll("#near-listed-under li").Select(li => li.TextContent).ToList());
        Assert.Equal([names[conditions[1]]], saved.Document.QuerySelectorAll("#near-never-under li").Select(li => li.TextContent).ToList());
        var es = await visitor.GetAsync("/es/account/location");
        Assert.Equal("Quién te encuentra en personas cerca de ti", es.Document.QuerySelector("#near-listing-title")!.TextContent);
        Assert.Equal("/es/account/conditions", es.Document.QuerySelector("a#change-relations")!.GetAttribute("href"));

        // Visible but nothing shown: listed nowhere, and told so.
        await app.WithDbAsync(db => db.Set<MemberRelation>().Where(r => r.MemberId == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.ShowOnProfile, false)));
        Assert.NotNull((await visitor.GetAsync("/account/location")).Document.QuerySelector("#near-listed-nowhere"));
    }

    [Theory]
    [InlineData("city", "999999999", "", "Counted", "CityId")]
    [InlineData("city", "", "", "Counted", "CityId")]
    [InlineData("country", "", "ZZ", "Counted", "Country")]
    [InlineData("country", "", "", "Counted", "Country")]
    [InlineData("country", "", "ES", "Public", "Visibility")]
    [InlineData("country", "", "ES", "7", "Visibility")]
    [InlineData("street", "", "ES", "Counted", "Place")]
    public async Task Bad_input_is_a_clear_error_and_nothing_is_stored(string place, string cityId, string country, string visibility, string field)
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        var page = await visitor.SubmitAsync("/account/location?q=madrid", "form#location", new Dictionary<string, string>
        {
            ["Place"] = place, ["CityId"] = cityId, ["Country"] = country, ["Visibility"] = visibility,
        });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector($"#{field}-error, [id^='{field}'][aria-invalid='true']"));
        Assert.NotNull(page.Document.QuerySelector(".form-errors"));
        var id = await app.MemberIdAsync(email);
        Assert.False(await app.WithDbAsync(db => db.MemberLocations.AnyAsync(l => l.MemberId == id)));
    }

    [Fact]
    public async Task Deleting_the_account_deletes_the_location()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, email, _) = await app.MemberAsync();
        var id = await app.MemberIdAsync(email);
        await visitor.SubmitAsync("/account/location", "form#location", new Dictionary<string, string> { ["Place"] = "country", ["Country"] = "AR", ["Visibility"] = "Visible" });
        Assert.True(await app.WithDbAsync(db => db.MemberLocations.AnyAsync(l => l.MemberId == id)));
        await app.WithDbAsync(async db =>
        {
            var member = await db.Users.SingleAsync(m => m.Id == id);
            foreach (var part in app.Services.GetServices<PatientAtlas.Features.Accounts.Data.IMemberDataPart>())
            {
                await part.EraseAsync(db, member, PatientAtlas.Features.Accounts.Data.ContentChoice.Anonymize, CancellationToken.None);
            }
        });
        Assert.False(await app.WithDbAsync(db => db.MemberLocations.AnyAsync(l => l.MemberId == id)));
    }

    [Fact]
    public async Task The_counted_only_choice_names_the_sites_own_k()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Map:K"] = "7" });
        var (visitor, _, _) = await app.MemberAsync();
        var page = await visitor.GetAsync("/account/location");
        Assert.Contains("at least 7", page.Document.QuerySelector("label[for=Visibility_Counted]")?.TextContent);
        var spanish = await visitor.GetAsync("/es/account/location");
        Assert.Contains("al menos 7", spanish.Document.QuerySelector("label[for=Visibility_Counted]")?.TextContent);
    }

    /// <summary>Adds a relation (private unless <paramref name="shown"/>), as the relations page would.</summary>
    internal static Task RelateAsync(AtlasApp app, int memberId, string condition, Relation relation, bool shown = false) => app.WithDbAsync(async db =>
    {
        var conditionId = await db.Conditions.Where(c => c.Slug == condition).Select(c => c.Id).SingleAsync();
        db.Add(new MemberRelation { MemberId = memberId, ConditionId = conditionId, Relation = relation, ShowOnProfile = shown, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    });
}
