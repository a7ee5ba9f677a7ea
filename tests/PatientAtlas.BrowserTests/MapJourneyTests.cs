using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Map;
using Xunit.Abstractions;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// The community map as a person sees it: the demo community's map at phone and desktop width (screenshots, nothing
/// wider than the phone), the table and the shaded map saying the same numbers with and without a relation filter,
/// axe-core on the map (both widths, English and Spanish) and on the location page, choosing a city with the keyboard
/// (and without JavaScript), and zoom as an enhancement that the page does without.
/// </summary>
public sealed partial class MapJourneyTests(Browser browser, ITestOutputHelper output) : IClassFixture<Browser>
{
    private const string MapPath = "/conditions/hemifacial-spasm/map";

    [GeneratedRegex(@"(\d+)")]
    private static partial Regex Number();

    private static async Task AxeCleanAsync(IPage page, string where)
    {
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{where}: {string.Join("; ", violations.Select(v => $"{v.Id} ({v.Nodes}): {v.Help}"))}");
    }

    private static async Task NoSidewaysScrollAsync(IPage page, string where)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= inner, $"{where} scrolls sideways: {scroll}px in {inner}px");
    }

    private async Task<IPage> SignInAsync(string email, bool javaScript = true)
    {
        var page = await browser.NewPageAsync(phone: true, bypassCsp: true, javaScript: javaScript);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoMembers.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
        return page;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_map_fits_the_screen_is_axe_clean_and_saves_a_screenshot(bool phone)
    {
        var page = await browser.NewPageAsync(phone: phone, bypassCsp: true);
        await page.GotoAsync(MapPath);
        await Assertions.Expect(page.Locator("svg#world-map path.country[data-count]:not([data-count=''])").First).ToBeAttachedAsync();
        var file = Browser.ScreenshotPath($"map-{(phone ? "phone" : "desktop")}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        output.WriteLine($"screenshot: {file}");
        await NoSidewaysScrollAsync(page, phone ? "the map on a phone" : "the map on a desktop");
        await AxeCleanAsync(page, phone ? "map (phone)" : "map (desktop)");

        var spanish = await browser.NewPageAsync(phone: phone, bypassCsp: true);
        await spanish.GotoAsync("/es" + MapPath);
        await Assertions.Expect(spanish.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await NoSidewaysScrollAsync(spanish, "the Spanish map");
        await AxeCleanAsync(spanish, "map in Spanish");
        if (phone)
        {
            var es = Browser.ScreenshotPath("map-phone-es.png");
            await spanish.ScreenshotAsync(new PageScreenshotOptions { Path = es, FullPage = true });
            output.WriteLine($"screenshot: {es}");
        }
    }

    [Fact]
    public async Task The_table_says_what_the_map_shows_for_all_relations_and_for_one()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(MapPath);
        var all = await AssertTableMatchesMapAsync(page);
        Assert.True(all.Countries >= 4, $"the demo map shades {all.Countries} countries");

        // The filter form, as a person submits it.
        await page.GetByLabel("Relation to the condition").SelectOptionAsync("Affected");
        await page.Locator("form#map-filter button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?relation=Affected$"));
        await Assertions.Expect(page.Locator("#relation")).ToHaveValueAsync("Affected");
        var affected = await AssertTableMatchesMapAsync(page);
        Assert.True(affected.Total > 0 && affected.Total < all.Total, $"affected {affected.Total} of {all.Total}");
        Assert.Equal(affected.Total.ToString(CultureInfo.InvariantCulture), await page.Locator("#relation-totals li[data-relation=Affected]").GetAttributeAsync("data-count"));
    }

    /// <summary>
    /// Every shaded country's count (its data attribute and the number in its title) is its table row's, the shaded
    /// countries are the table's countries, every city dot is its table row, and the total is the sum of the rows.
    /// </summary>
    private static async Task<(int Countries, int Total)> AssertTableMatchesMapAsync(IPage page)
    {
        var shaded = await page.EvaluateAsync<Dictionary<string, string[]>>(
            "() => Object.fromEntries([...document.querySelectorAll('#world-map path.country')].filter(p => p.dataset.count).map(p => [p.dataset.country, [p.dataset.count, p.querySelector('title').textContent]]))");
        var rows = await page.EvaluateAsync<Dictionary<string, string[]>>(
            "() => Object.fromEntries([...document.querySelectorAll('#map-table tr.country-row')].map(r => [r.dataset.country, [r.dataset.count, r.querySelector('td').textContent.trim()]]))");
        Assert.Equal(rows.Keys.Order(), shaded.Keys.Order());
        foreach (var (country, (count, title)) in shaded.Select(s => (s.Key, (s.Value[0], s.Value[1]))))
        {
            Assert.Equal(rows[country][0], count);
            Assert.Equal(rows[country][1], count);
            Assert.Equal(count, Number().Match(title).Value);
        }
        // The legend's bands start at k and each shaded country's shade is the band its count falls in.
        var outOfBand = await page.EvaluateAsync<string[]>("""
            () => {
              const bands = Object.fromEntries([...document.querySelectorAll('.map-legend li[data-band]')].map(li => [li.dataset.band, [Number(li.dataset.from), Number(li.dataset.to)]]));
              const wrong = Object.entries(bands).filter(([b, [from, to]]) => from < 11 || to < from).map(([b, r]) => 'legend band ' + b + ': ' + r);
              for (const p of document.querySelectorAll('#world-map path.country')) {
                if (!p.dataset.count) { if (!p.classList.contains('band-0')) wrong.push(p.dataset.country + ' shaded without a count'); continue; }
                const band = [...p.classList].find(c => c.startsWith('band-')).slice(5), n = Number(p.dataset.count), range = bands[band];
                if (!range || n < range[0] || n > range[1]) wrong.push(p.dataset.country + ' ' + n + ' in band ' + band);
              }
              return wrong;
            }
            """);
        Assert.Empty(outOfBand);
        var dots = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('#world-map circle.city')].map(c => [c.dataset.city, c.dataset.count]))");
        var cityRows = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('#map-table tr.city-row')].map(r => [r.dataset.city, r.dataset.count]))");
        Assert.Equal(cityRows, dots);
        var sum = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('#map-table tr.country-row, #map-table tr.elsewhere-row')].reduce((s, r) => s + Number(r.dataset.count), 0)");
        var total = int.Parse((await page.Locator("#map-total").TextContentAsync())!, CultureInfo.InvariantCulture);
        Assert.Equal(sum, total);
        var countryTotals = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('#map-table tr.country-row')].reduce((s, r) => s + Number(r.dataset.count), 0)");
        var parts = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('#map-table tr.city-row, #map-table tr.rest-row')].reduce((s, r) => s + Number(r.dataset.count), 0)");
        Assert.True(parts <= countryTotals, $"cities and rests {parts} > countries {countryTotals}");
        return (shaded.Count, total);
    }

    [Fact]
    public async Task A_member_picks_Sao_Paulo_with_the_keyboard_and_is_visible_there()
    {
        var page = await SignInAsync("reviewer@demo.invalid");
        await page.GotoAsync("/account/location");
        await AxeCleanAsync(page, "location page");
        await NoSidewaysScrollAsync(page, "the location page on a phone");

        var box = page.Locator("#q");
        await box.FocusAsync();
        await box.PressSequentiallyAsync("sao paulo", new() { Delay = 40 });
        await Assertions.Expect(page.Locator("#city-suggestions option").First).ToBeAttachedAsync();
        var suggestions = await page.Locator("#city-suggestions option").EvaluateAllAsync<string[]>("os => os.map(o => o.label || o.value)");
        Assert.Contains(suggestions, s => s.StartsWith("São Paulo, ", StringComparison.Ordinal));
        // The suggestions are the browser's own list (a datalist): the arrow key opens it, Enter takes the first.
        await box.PressAsync("ArrowDown");
        await box.PressAsync("Enter");
        var taken = await box.InputValueAsync();
        output.WriteLine($"after ArrowDown + Enter the city field holds '{taken}'");
        if (taken != "sao paulo")
        {
            Assert.Equal("São Paulo", taken);
            await box.PressAsync("Enter");
        }
        // The search lists the cities found; São Paulo is among them.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/account/location\?q="));
        var city = page.GetByLabel("São Paulo, Brazil", new() { Exact = true });
        await Assertions.Expect(city).ToBeVisibleAsync();

        // Arrow keys move through the radio groups as they do for anyone using a keyboard.
        await page.Locator("input[name=CityId]").First.FocusAsync();
        for (var i = 0; i < 12 && !await city.IsCheckedAsync(); i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }
        await Assertions.Expect(city).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#Place_city")).ToBeCheckedAsync();
        var visible = page.Locator("#Visibility_Visible");
        await page.Locator("input[name=Visibility]:checked").FocusAsync();
        for (var i = 0; i < 3 && !await visible.IsCheckedAsync(); i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }
        await Assertions.Expect(visible).ToBeCheckedAsync();
        await page.Locator("form#location button[type=submit]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#location-saved")).ToBeVisibleAsync();
        await AssertStoredAsync("reviewer@demo.invalid");
        await AxeCleanAsync(page, "location page after saving");
    }

    [Fact]
    public async Task Without_JavaScript_the_search_form_finds_the_city_and_saves_it()
    {
        var page = await SignInAsync("moderator@demo.invalid", javaScript: false);
        await page.GotoAsync("/account/location");
        await page.Locator("#q").FillAsync("sao paulo");
        await page.Locator("#q").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/account/location\?q=sao(\+|%20)paulo"));
        await page.GetByLabel("São Paulo, Brazil", new() { Exact = true }).CheckAsync();
        await page.Locator("#Place_city").CheckAsync();
        await page.Locator("#Visibility_Visible").CheckAsync();
        await page.Locator("form#location button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#location-saved")).ToBeVisibleAsync();
        await AssertStoredAsync("moderator@demo.invalid");
    }

    private Task AssertStoredAsync(string email) => browser.App.WithDbAsync(async db =>
    {
        var id = await db.Users.Where(m => m.Email == email).Select(m => m.Id).SingleAsync();
        var location = await db.MemberLocations.AsNoTracking().SingleAsync(l => l.MemberId == id);
        Assert.Equal(("São Paulo", "BR", MapVisibility.Visible), (location.CityName, location.Country, location.Visibility));
    });

    [Fact]
    public async Task Zoom_buttons_work_from_the_keyboard_and_the_page_does_without_them()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(MapPath);
        var map = page.Locator("svg#world-map");
        var full = await map.GetAttributeAsync("viewBox");
        var zoomIn = page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" });
        await zoomIn.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(map).Not.ToHaveAttributeAsync("viewBox", full!);
        var zoomed = await map.GetAttributeAsync("viewBox");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(map).Not.ToHaveAttributeAsync("viewBox", zoomed!);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Zoom out" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(Numbers(full!), Numbers((await map.GetAttributeAsync("viewBox"))!));

        // In Spanish, the buttons speak Spanish.
        var spanish = await browser.NewPageAsync();
        await spanish.GotoAsync("/es" + MapPath);
        await Assertions.Expect(spanish.GetByRole(AriaRole.Button, new() { Name = "Acercar" })).ToBeVisibleAsync();

        var noScript = await browser.NewPageAsync(phone: true, javaScript: false);
        await noScript.GotoAsync(MapPath);
        await Assertions.Expect(noScript.Locator("svg#world-map path.country").First).ToBeVisibleAsync();
        await Assertions.Expect(noScript.Locator("#map-table tr.country-row").First).ToBeVisibleAsync();
        await Assertions.Expect(noScript.Locator(".map-zoom")).ToHaveCountAsync(0);
        await NoSidewaysScrollAsync(noScript, "the map without JavaScript");
    }

    private static double[] Numbers(string viewBox) => [.. viewBox.Split(' ').Select(n => Math.Round(double.Parse(n, CultureInfo.InvariantCulture), 0))];
}
