using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class ErrorPagesTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Theory]
    [InlineData("/conditions/hemifacial-spasam", "en", "Hemifacial spasm")]
    [InlineData("/es/conditions/chrons-disease", "es", "Crohn's disease")]
    public async Task AnUnknownConditionOffersTheClosestNamesAndASearchBox(string path, string language, string expected)
    {
        var document = await App.GetDocumentAsync(path, 404);
        Assert.Equal(language, document.DocumentElement.GetAttribute("lang"));
        Assert.Contains(expected, document.QuerySelectorAll("main li a").Select(a => a.TextContent));
        Assert.NotNull(document.QuerySelector("main form[role=search] input[name=q]"));
        Assert.Equal("noindex", document.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
    }

    [Theory]
    [InlineData("/conditions?page=abc")]
    [InlineData("/conditions?page=-1")]
    [InlineData("/conditions?page=0")]
    [InlineData("/conditions?letter=%25%25")]
    [InlineData("/conditions?letter=hh")]
    [InlineData("/es/conditions?page=abc")]
    public async Task MalformedQueryValuesAnswer400WithAClearPage(string path)
    {
        var document = await App.GetDocumentAsync(path, 400);
        Assert.NotNull(document.QuerySelector("main .error-detail"));
        Assert.Equal(path.StartsWith("/es", StringComparison.Ordinal) ? "es" : "en", document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task APageBeyondTheLastIsNotFound()
    {
        await App.GetDocumentAsync("/conditions?letter=h&page=99", 404);
    }

    [Fact]
    public async Task UnknownPathsAnswer404Pages()
    {
        var document = await App.GetDocumentAsync("/no/such/page", 404);
        Assert.NotNull(document.QuerySelector("h1"));
    }
}

public sealed class ServerErrorTests
{
    [Fact]
    public async Task AServerErrorShowsAFriendlyPageWithoutAStackTrace()
    {
        await using var app = await AtlasApp.StartAsync();
        // The database loses a column under the running site: every A–Z request now fails inside EF Core.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Conditions\" RENAME COLUMN \"Abbreviation\" TO \"Gone\""));
        using var response = await app.Client.GetAsync("/conditions?letter=b");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong on our side", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", html, StringComparison.Ordinal);
    }
}
