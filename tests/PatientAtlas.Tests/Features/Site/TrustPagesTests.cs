using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>The pages that say who runs the site and how it treats its readers, written for real in both languages.</summary>
[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class TrustPagesTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Theory]
    [InlineData("/privacy", "Privacy notice", "Aviso de privacidad", 5)]
    [InlineData("/terms", "Terms of use and community guidelines", "Condiciones de uso y normas de la comunidad", 4)]
    [InlineData("/contact", "Contact us", "Contacto", 3)]
    public async Task EachTrustPageHasItsOwnTitleSectionsAndDescriptionInBothLanguages(string path, string english, string spanish, int sections)
    {
        foreach (var (prefix, title) in new[] { ("", english), ("/es", spanish) })
        {
            var document = await App.GetDocumentAsync(prefix + path);
            Assert.Equal(title, document.QuerySelector("main h1")!.TextContent);
            Assert.Equal($"{title} · PatientAtlas", document.Title);
            Assert.True(document.QuerySelectorAll("main h2").Length >= sections);
            var description = document.QuerySelector("meta[name=description]")!.GetAttribute("content")!;
            Assert.InRange(description.Length, 40, 160);
        }
    }

    [Fact]
    public async Task ThePrivacyNoticeSaysWhatWhyHowLongWhoAndTheRights()
    {
        var text = (await App.GetDocumentAsync("/privacy")).QuerySelector("main")!.TextContent;
        foreach (var words in new[] { "cookie", "email address", "twelve months", "pseudonym", "never sell", "consent", "delete", "one month", "data protection authority" })
        {
            Assert.Contains(words, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AboutPromisesOnlyWhatTheSiteDoesToday()
    {
        var text = (await App.GetDocumentAsync("/about")).QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("coarse", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("open data", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/conditions/hemifacial-spasm")]
    [InlineData("/es/conditions/hemifacial-spasm/diet")]
    [InlineData("/privacy")]
    public async Task WhileDemoContentIsLoadedEveryPageSaysSo(string path)
    {
        var document = await App.GetDocumentAsync(path);
        Assert.NotNull(document.QuerySelector("body > .demo-banner"));
    }

    [Fact]
    public async Task DemoExperiencesAreMarked()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.All(document.QuerySelectorAll("article.experience"), e => Assert.NotNull(e.QuerySelector(".demo-tag")));
    }

    [Fact]
    public async Task WithoutDemoContentThereIsNoBanner()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:SeedDemo"] = "false" });
        Assert.Null((await app.GetDocumentAsync("/")).QuerySelector(".demo-banner"));
    }

    [Fact]
    public async Task TheHomePageHasOneSearchBox()
    {
        var document = await App.GetDocumentAsync("/");
        Assert.Single(document.QuerySelectorAll("input[type=search]"));
        Assert.NotNull(document.QuerySelector("header .brand svg"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/conditions/hemifacial-spasm")]
    [InlineData("/conditions/hemifacial-spasm/diet")]
    public async Task PagesCarryAnOpenGraphImageThatIsServed(string path)
    {
        var document = await App.GetDocumentAsync(path);
        var image = new Uri(document.QuerySelector("meta[property='og:image']")!.GetAttribute("content")!);
        using var response = await App.Client.GetAsync(image.PathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task FingerprintedStaticFilesAreCachedForAYearAndImmutable()
    {
        var document = await App.GetDocumentAsync("/");
        var css = document.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var js = document.QuerySelector("script[src]")!.GetAttribute("src")!;
        foreach (var href in new[] { css, js })
        {
            using var response = await App.Client.GetAsync(href);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
        }
    }
}
