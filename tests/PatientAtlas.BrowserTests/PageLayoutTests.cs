using Microsoft.Playwright;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// Every kind of page on a 390 px phone and a 1280 px desktop: nothing wider than the screen, axe-core clean, and
/// screenshots of the main pages in artifacts/screenshots (name-phone.png, name-desktop.png).
/// </summary>
public sealed class PageLayoutTests(Browser browser) : IClassFixture<Browser>
{
    /// <summary>One page of each kind; the main ones are also photographed.</summary>
    public static TheoryData<string, string> PageKinds => new()
    {
        { "home", "/" },
        { "a-z", "/conditions?letter=h" },
        { "condition", "/conditions/hemifacial-spasm" },
        { "question", "/conditions/hemifacial-spasm/diet" },
        { "question-es", "/es/conditions/celiac-disease/diet" },
        { "question-empty", "/conditions/hemifacial-spasm/sleep" },
        { "search", "/search?q=hfs" },
        { "reviewer", "/reviewers/dr-alex-moreno-demo" },
        { "about", "/about" },
        { "privacy", "/privacy" },
        { "terms", "/terms" },
        { "contact", "/contact" },
        { "report-error", "/conditions/hemifacial-spasm/diet/report-error" },
        { "not-found", "/conditions/hemifacial-spasam" },
    };

    private static readonly HashSet<string> Photographed = ["home", "a-z", "condition", "question", "search"];

    [Theory]
    [MemberData(nameof(PageKinds))]
    public async Task NothingIsWiderThanAPhoneAndAxeFindsNothingSerious(string name, string path)
    {
        foreach (var phone in new[] { true, false })
        {
            var page = await browser.NewPageAsync(phone, bypassCsp: true);
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            var viewport = phone ? 390 : 1280;
            Assert.True(width <= viewport, $"{path} scrolls sideways at {viewport}px ({width}px wide): {await WidestAsync(page, viewport)}");
            if (Photographed.Contains(name))
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath($"{name}-{(phone ? "phone" : "desktop")}.png"), FullPage = true });
            }
            var violations = await Axe.SeriousViolationsAsync(page);
            Assert.True(violations.Count == 0, $"{path} ({viewport}px): " + string.Join("\n", violations));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task OnAPhoneTheQuestionComesFirstAndAJumpLeadsToTheCommunity()
    {
        var page = await browser.NewPageAsync(phone: true);
        await page.GotoAsync("/conditions/hemifacial-spasm/diet");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("question-phone-first-screen.png") });
        var h1 = await page.Locator("article.question h1").BoundingBoxAsync();
        Assert.True(h1!.Y < 400, $"the question starts {h1.Y}px down");
        var bodySize = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.summary-body p')).fontSize");
        Assert.Equal("18px", bodySize);
        await page.Locator("p.jump a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#community$"));
        var community = await page.Locator("#community").BoundingBoxAsync();
        Assert.InRange(community!.Y, -5, 100);
    }

    [Fact]
    public async Task OnADesktopTheSummaryAndTheCommunitySitSideBySide()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/conditions/hemifacial-spasm/diet");
        var summary = (await page.Locator(".question-main").BoundingBoxAsync())!;
        var community = (await page.Locator(".community").BoundingBoxAsync())!;
        Assert.True(community.X > summary.X + summary.Width - 1, "the community column is not beside the summary");
        Assert.True(Math.Abs(community.Y - summary.Y) < 40, "the two columns do not start together");
        await Assertions.Expect(page.Locator("p.jump")).ToBeHiddenAsync();
        // Header, content and footer share one grid: their content starts at the same x.
        var brand = (await page.Locator("header .brand").BoundingBoxAsync())!;
        var crumb = (await page.Locator("nav.breadcrumb").BoundingBoxAsync())!;
        var footer = (await page.Locator("footer nav").BoundingBoxAsync())!;
        Assert.Equal(brand.X, crumb.X, 1.0);
        Assert.Equal(brand.X, footer.X, 1.0);
    }

    [Fact]
    public async Task FocusIsVisibleOnLinksButtonsAndFields()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/conditions/hemifacial-spasm/diet/report-error");
        foreach (var selector in new[] { "header .brand", "#site-search", "header button", "#report-message", "form.report-form button" })
        {
            await page.Locator(selector).FocusAsync();
            var outline = await page.EvaluateAsync<string>("s => { const st = getComputedStyle(document.activeElement); return st.outlineStyle + ' ' + st.outlineWidth; }", selector);
            Assert.True(outline.StartsWith("solid", StringComparison.Ordinal) && outline != "solid 0px", $"{selector}: outline {outline}");
        }
    }

    /// <summary>The elements that stick out of the viewport, to name the culprit when the page scrolls sideways.</summary>
    private static Task<string> WidestAsync(IPage page, int viewport) => page.EvaluateAsync<string>("""
        w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
        """, viewport);
}
