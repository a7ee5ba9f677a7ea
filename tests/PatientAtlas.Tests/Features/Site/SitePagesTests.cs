using System.Net;
using System.Xml.Linq;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class SitePagesTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    public static TheoryData<string> Pages => new()
    {
        "/", "/conditions", "/conditions?letter=h", "/conditions/hemifacial-spasm", "/conditions/hemifacial-spasm/diet",
        "/about", "/editorial-policy", "/medical-disclaimer", "/reviewers/dr-alex-moreno-demo",
        "/privacy", "/terms", "/contact", "/conditions/hemifacial-spasm/diet/report-error",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPageAnswersInBothLanguagesWithItsOwnLangCanonicalAndAlternates(string path)
    {
        foreach (var (language, prefix) in new[] { ("en", ""), ("es", "/es") })
        {
            var localized = prefix + (path == "/" && prefix != "" ? "" : path);
            var document = await App.GetDocumentAsync(localized);
            Assert.Equal(language, document.DocumentElement.GetAttribute("lang"));
            var canonical = document.QuerySelector("link[rel=canonical]")!.GetAttribute("href")!;
            Assert.Equal(new Uri(App.Address, localized).ToString(), canonical);
            Assert.NotNull(document.QuerySelector("link[rel=alternate][hreflang=en]"));
            Assert.NotNull(document.QuerySelector("link[rel=alternate][hreflang=es]"));
            Assert.NotNull(document.QuerySelector("a.skip-link[href='#main']"));
            Assert.NotNull(document.QuerySelector("main#main"));
            Assert.NotNull(document.QuerySelector($"form[role=search][action='{prefix}/search'] input[name=q]"));
            Assert.Empty(document.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])"));
            var footerLinks = document.QuerySelectorAll("footer a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Contains($"{prefix}/about", footerLinks);
            Assert.Contains($"{prefix}/editorial-policy", footerLinks);
            Assert.Contains($"{prefix}/medical-disclaimer", footerLinks);
            Assert.Contains($"{prefix}/privacy", footerLinks);
            Assert.Contains($"{prefix}/terms", footerLinks);
            Assert.Contains($"{prefix}/contact", footerLinks);
        }
    }

    [Fact]
    public async Task LanguageSwitcherKeepsThePageAndItsQuery()
    {
        var english = await App.GetDocumentAsync("/conditions?letter=h");
        Assert.Equal("/es/conditions?letter=h", english.QuerySelector("nav.language a[hreflang=es]")!.GetAttribute("href"));
        var spanish = await App.GetDocumentAsync("/es/conditions?letter=h");
        Assert.Equal("/conditions?letter=h", spanish.QuerySelector("nav.language a[hreflang=en]")!.GetAttribute("href"));
        Assert.Equal("Enfermedades A–Z", spanish.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task TheUrlDecidesTheLanguageNotTheAcceptLanguageHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/conditions");
        request.Headers.AcceptLanguage.ParseAdd("es-ES");
        using var response = await App.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeShowsFeaturedConditionsAndLatestExperiences()
    {
        var document = await App.GetDocumentAsync("/");
        var featured = document.QuerySelectorAll("#featured-title + ul a").Select(a => a.TextContent).ToList();
        Assert.Contains("Hemifacial spasm (HFS)", featured);
        Assert.True(document.QuerySelectorAll(".latest li").Length >= 3);
    }

    [Fact]
    public async Task StaticPagesAreWrittenForRealInBothLanguages()
    {
        foreach (var path in new[] { "/about", "/editorial-policy", "/medical-disclaimer", "/es/about", "/es/editorial-policy", "/es/medical-disclaimer" })
        {
            var document = await App.GetDocumentAsync(path);
            Assert.True(document.QuerySelectorAll("article p").Length >= 3, path);
        }
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        using var response = await App.Client.GetAsync("/");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task HealthChecksTheDatabase()
    {
        using var response = await App.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RobotsPointsToTheSitemapIndexWhoseChunksListConditionsInBothLanguages()
    {
        var robots = await App.Client.GetStringAsync("/robots.txt");
        Assert.Contains($"Sitemap: {new Uri(App.Address, "/sitemap.xml")}", robots, StringComparison.Ordinal);

        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var index = XDocument.Parse(await App.Client.GetStringAsync("/sitemap.xml"));
        var chunks = index.Root!.Elements(sm + "sitemap").Select(e => e.Element(sm + "loc")!.Value).ToList();
        Assert.Contains(chunks, c => c.EndsWith("/sitemaps/conditions-1.xml", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.EndsWith("/sitemaps/questions-1.xml", StringComparison.Ordinal));

        var conditions = XDocument.Parse(await App.Client.GetStringAsync("/sitemaps/conditions-1.xml"));
        var urls = conditions.Root!.Elements(sm + "url").Select(e => e.Element(sm + "loc")!.Value).ToList();
        Assert.True(urls.Count <= 50_000);
        Assert.Contains(new Uri(App.Address, "/conditions/hemifacial-spasm").ToString(), urls);
        Assert.Contains(new Uri(App.Address, "/es/conditions/hemifacial-spasm").ToString(), urls);
    }

    [Fact]
    public async Task SitemapListsOnlyQuestionPagesWithPublishedContent()
    {
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var questions = XDocument.Parse(await App.Client.GetStringAsync("/sitemaps/questions-1.xml"));
        var urls = questions.Root!.Elements(sm + "url").Select(e => e.Element(sm + "loc")!.Value).ToList();
        Assert.Contains(new Uri(App.Address, "/conditions/hemifacial-spasm/diet").ToString(), urls);
        Assert.DoesNotContain(new Uri(App.Address, "/conditions/hemifacial-spasm/sleep").ToString(), urls);
    }

    [Theory]
    [InlineData("/conditions", "Conditions A–Z: A · PatientAtlas")]
    [InlineData("/es/conditions?letter=h", "Enfermedades A–Z: H · PatientAtlas")]
    [InlineData("/es/about", "Quiénes somos · PatientAtlas")]
    [InlineData("/medical-disclaimer", "Medical disclaimer · PatientAtlas")]
    public async Task EveryPageHasItsOwnTitle(string path, string title) =>
        Assert.Equal(title, (await App.GetDocumentAsync(path)).Title);

    [Fact]
    public async Task AnErrorPageLinksToTheAddressTheReaderAskedForNotToTheErrorRoute()
    {
        var document = await App.GetDocumentAsync("/es/conditions?page=abc", 400);
        Assert.Equal("/conditions?page=abc", document.QuerySelector("nav.language a[hreflang=en]")!.GetAttribute("href"));
        Assert.EndsWith("/es/conditions?page=abc", document.QuerySelector("link[rel=canonical]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("La dirección no es del todo correcta · PatientAtlas", document.Title);
    }
}
