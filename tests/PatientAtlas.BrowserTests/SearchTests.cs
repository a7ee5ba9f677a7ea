using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PatientAtlas.BrowserTests;

public sealed class SearchTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task TypingHfsAndPickingTheSuggestionWithTheKeyboardOpensHemifacialSpasm()
    {
        var site = new SitePages(await browser.NewPageAsync());
        await site.OpenHomeAsync();
        await site.TypeInHomeSearchAsync("HFS");
        await site.PickSuggestionWithKeyboardAsync("Hemifacial spasm (HFS)");
        await Assertions.Expect(site.Page).ToHaveURLAsync(new Regex("/conditions/hemifacial-spasm$"));
        await Assertions.Expect(site.Page.Locator("h1")).ToHaveTextAsync("Hemifacial spasm (HFS)");
    }

    [Fact]
    public async Task EscapeClosesTheSuggestionsAndEnterStillSearches()
    {
        var site = new SitePages(await browser.NewPageAsync());
        await site.OpenHomeAsync();
        await site.TypeInHomeSearchAsync("hemif");
        var box = site.Page.Locator("#home-search");
        await box.PressAsync("Escape");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(site.Page.Locator("#home-search-suggestions")).ToBeHiddenAsync();
        await box.PressAsync("Enter");
        await Assertions.Expect(site.Page).ToHaveURLAsync(new Regex("/search\\?q=hemif$"));
        await Assertions.Expect(site.Page.Locator("section#conditions a.result-title").First).ToHaveAttributeAsync("href", "/conditions/hemifacial-spasm");
    }
}
