using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>A search that finds nothing on the starter catalog says the catalog here is partial and offers a way forward.</summary>
public sealed class NothingMatchedTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    [Theory]
    [InlineData("", "moyamoya", "57 conditions")]
    [InlineData("/es", "POTS", "57 enfermedades")]
    public async Task NothingMatchedOnTheStarterCatalogSaysSoAndOffersToSuggestTheCondition(string prefix, string query, string size)
    {
        var document = await fixture.App.GetDocumentAsync($"{prefix}/search?q={query}");
        Assert.NotNull(document.QuerySelector("p.no-results"));
        Assert.Contains(size, document.QuerySelector("p.partial-catalog")!.TextContent, StringComparison.Ordinal);
        var suggest = document.QuerySelector("a.suggest-condition")!.GetAttribute("href")!;
        Assert.Equal($"{prefix}/contact?suggest={query}", suggest);

        var contact = await fixture.App.GetDocumentAsync(suggest);
        Assert.Contains(query, contact.QuerySelector("textarea[name='Input.Message']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASearchThatFindsSomethingDoesNotSpeakOfThePartialCatalog()
    {
        var document = await fixture.App.GetDocumentAsync("/search?q=hemifacial");
        Assert.Null(document.QuerySelector("p.partial-catalog"));
    }
}
