using Microsoft.Playwright;

namespace PatientAtlas.BrowserTests;

/// <summary>Small page objects for the main journeys: what a person clicks, named as they would name it.</summary>
public sealed class SitePages(IPage page)
{
    public IPage Page => page;

    public async Task OpenHomeAsync()
    {
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    public async Task GoToAtoZAsync()
    {
        await page.Locator("header nav.primary").GetByRole(AriaRole.Link, new() { Name = "Conditions A–Z" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/conditions$"));
    }

    public async Task PickLetterAsync(string letter)
    {
        await page.Locator("nav.letters").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{letter}:") }).ClickAsync();
        await Assertions.Expect(page.Locator("nav.letters a[aria-current=page]")).ToContainTextAsync(letter);
    }

    public async Task OpenConditionAsync(string name)
    {
        await page.Locator("ul.condition-list").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
    }

    public async Task OpenQuestionAsync(string hrefEnding)
    {
        await page.Locator($"ul.questions a[href$='{hrefEnding}']").ClickAsync();
        await Assertions.Expect(page.Locator("article.question h1")).ToBeVisibleAsync();
    }

    /// <summary>Types into the home page's search box, as a person would, key by key.</summary>
    public async Task TypeInHomeSearchAsync(string text)
    {
        var box = page.Locator("#home-search");
        await box.ClickAsync();
        await box.PressSequentiallyAsync(text, new() { Delay = 60 });
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Arrows down to the suggestion with this label and presses Enter.</summary>
    public async Task PickSuggestionWithKeyboardAsync(string label)
    {
        var box = page.Locator("#home-search");
        var options = page.Locator("#home-search-suggestions [role=option]");
        var labels = await options.AllTextContentsAsync();
        var index = labels.ToList().IndexOf(label);
        Assert.True(index >= 0, $"'{label}' is not among the suggestions: {string.Join(" | ", labels)}");
        for (var i = 0; i <= index; i++)
        {
            await box.PressAsync("ArrowDown");
        }
        await Assertions.Expect(options.Nth(index)).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-activedescendant", $"home-search-suggestions-{index}");
        await box.PressAsync("Enter");
    }

    public async Task SwitchToSpanishAsync()
    {
        await page.Locator("nav.language").GetByRole(AriaRole.Link, new() { Name = "Español" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
    }
}
