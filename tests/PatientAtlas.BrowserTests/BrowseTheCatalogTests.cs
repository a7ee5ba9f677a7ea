using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PatientAtlas.BrowserTests;

public sealed class BrowseTheCatalogTests(Browser browser) : IClassFixture<Browser>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HomeToAtoZToHemifacialSpasmThenSpanish(bool phone)
    {
        var site = new SitePages(await browser.NewPageAsync(phone));
        await site.OpenHomeAsync();
        await site.GoToAtoZAsync();
        await site.PickLetterAsync("H");
        await site.OpenConditionAsync("Hemifacial spasm");
        await Assertions.Expect(site.Page.Locator("h1")).ToHaveTextAsync("Hemifacial spasm (HFS)");
        await Assertions.Expect(site.Page.Locator(".codes")).ToContainTextAsync("ORPHA:221083");

        await site.SwitchToSpanishAsync();
        await Assertions.Expect(site.Page).ToHaveURLAsync(new Regex("/es/conditions/hemifacial-spasm$"));
        await Assertions.Expect(site.Page.Locator("#questions-title")).ToContainTextAsync("Lo que ya tiene respuesta");
        if (phone)
        {
            var width = await site.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"the page scrolls sideways on a phone ({width}px)");
            await site.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("condition-phone-es.png"), FullPage = true });
        }
    }

    [Fact]
    public async Task TheQuestionPageShowsTheReviewedAnswerTheExperiencesAndTheDisclaimer()
    {
        foreach (var phone in new[] { false, true })
        {
            var site = new SitePages(await browser.NewPageAsync(phone));
            await site.OpenHomeAsync();
            await site.GoToAtoZAsync();
            await site.PickLetterAsync("H");
            await site.OpenConditionAsync("Hemifacial spasm");
            await site.OpenQuestionAsync("/hemifacial-spasm/diet");
            var page = site.Page;
            await Assertions.Expect(page.Locator(".badge-line")).ToContainTextAsync("Medically reviewed summary");
            await Assertions.Expect(page.Locator(".short-answer")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".community-line")).ToContainTextAsync("2 people with Hemifacial spasm (HFS) have shared");
            await Assertions.Expect(page.Locator("article.experience")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("aside.disclaimer")).ToBeVisibleAsync();
            if (phone)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("question-phone.png"), FullPage = true });
            }
        }
    }

    [Fact]
    public async Task EveryPageWorksFromTheKeyboardStartingWithTheSkipLink()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/conditions/hemifacial-spasm/diet");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("a.skip-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/conditions?letter=h")]
    [InlineData("/conditions/hemifacial-spasm")]
    [InlineData("/conditions/hemifacial-spasm/diet")]
    [InlineData("/es/conditions/hemifacial-spasm/diet")]
    [InlineData("/conditions/hemifacial-spasam")]
    public async Task AxeFindsNoSeriousViolation(string path)
    {
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(phone, bypassCsp: true);
            await page.GotoAsync(path);
            var violations = await Axe.SeriousViolationsAsync(page);
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
    }

    [Fact]
    public async Task PagesRunWithoutScriptErrorsOrContentSecurityPolicyViolations()
    {
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        foreach (var path in new[] { "/", "/conditions", "/conditions/hemifacial-spasm/diet", "/es/conditions/celiac-disease/diet" })
        {
            await page.GotoAsync(path);
        }
        Assert.Empty(problems);
    }
}
