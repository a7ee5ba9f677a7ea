using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>
/// Search over the full catalog ranks people's words over ontology words: a typo is corrected toward what the
/// curated catalog and the community write ("chrons" is Crohn's, not "chronic"), content follows the correction,
/// and Spanish names find their conditions on /es/.
/// </summary>
[Collection(SearchCatalogCollection.Name)]
public sealed class PeoplesWordsTests(SearchCatalogFixture fixture)
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task ChronsDiseaseFindsCrohnsContentFirst()
    {
        var document = await App.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("chrons disease"));
        Assert.Equal("/conditions/crohns-disease", SearchCasesTests.TopLinks(document, "conditions", 1).Single());
        Assert.DoesNotContain("chronic", document.QuerySelector("p.did-you-mean")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.StartsWith("/conditions/crohns-disease/", SearchCasesTests.TopLinks(document, "summaries", 1).Single(), StringComparison.Ordinal);
        Assert.StartsWith("/conditions/crohns-disease/", SearchCasesTests.TopLinks(document, "experiences", 1).Single(), StringComparison.Ordinal);

        // The condition result lists its questions that have content.
        var questions = document.QuerySelectorAll("section#conditions ol.search-results > li:first-child ul.result-questions a")
            .Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(questions);
        Assert.All(questions, q => Assert.StartsWith("/conditions/crohns-disease/", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmptyResultGroupsAreNotShown()
    {
        var document = await App.GetDocumentAsync("/search?q=ORPHA:221083");
        var groups = document.QuerySelectorAll("section.search-group").Select(s => s.Id).ToList();
        Assert.Contains("conditions", groups);
        Assert.DoesNotContain("questions", groups);
        Assert.Empty(document.QuerySelectorAll("section.search-group p.note"));
    }

    [Theory]
    [InlineData("espasmo hemifacial", "/es/conditions/hemifacial-spasm", "Espasmo hemifacial")]
    [InlineData("esclerosis múltiple", "/es/conditions/multiple-sclerosis", "Esclerosis múltiple")]
    [InlineData("esclerosis multiple", "/es/conditions/multiple-sclerosis", "Esclerosis múltiple")]
    [InlineData("enfermedad celíaca", "/es/conditions/celiac-disease", "Enfermedad celíaca")]
    [InlineData("ELA", "/es/conditions/amyotrophic-lateral-sclerosis", "Esclerosis lateral amiotrófica")]
    [InlineData("mucoviscidosis", "/es/conditions/cystic-fibrosis", "Fibrosis quística")]
    public async Task SpanishNamesFindTheirConditionsOnSpanishPages(string query, string expected, string name)
    {
        var document = await App.GetDocumentAsync("/es/search?q=" + Uri.EscapeDataString(query));
        var top = document.QuerySelectorAll("section#conditions ol.search-results > li a.result-title").Take(3).ToList();
        var hit = top.FirstOrDefault(a => a.GetAttribute("href") == expected);
        Assert.True(hit is not null, $"'{query}': expected {expected} in [{string.Join(", ", top.Select(a => a.GetAttribute("href")))}]");
        Assert.StartsWith(name, hit.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpanishPagesNameConditionsInSpanish()
    {
        var condition = await App.GetDocumentAsync("/es/conditions/hemifacial-spasm");
        Assert.Equal("Espasmo hemifacial (HFS)", condition.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(condition.QuerySelector("p.name-language"));
        Assert.Equal("Espasmo hemifacial", condition.QuerySelectorAll("nav.breadcrumb a")[^1].TextContent);

        var question = await App.GetDocumentAsync("/es/conditions/hemifacial-spasm/diet");
        Assert.Contains("Espasmo hemifacial", question.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Espasmo hemifacial", question.Title, StringComparison.Ordinal);

        // An imported condition without a Spanish name says its name is in English.
        var imported = await App.GetDocumentAsync("/es/conditions/walker-warburg-syndrome");
        Assert.NotNull(imported.QuerySelector("p.name-language"));

        var english = await App.GetDocumentAsync("/conditions/hemifacial-spasm");
        Assert.Equal("Hemifacial spasm (HFS)", english.QuerySelector("h1")!.TextContent.Trim());
    }
}
