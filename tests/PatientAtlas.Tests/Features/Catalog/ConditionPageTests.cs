using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class ConditionPageTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task ShowsNamesDefinitionAndEveryCodeLinkedToItsRegistry()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm");
        Assert.Equal("Hemifacial spasm (HFS)", document.QuerySelector("h1")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(document.QuerySelector(".definition")!.TextContent));
        Assert.Contains("Facial hemispasm", document.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        var codes = document.QuerySelectorAll(".codes a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));
        Assert.Equal("https://www.orpha.net/en/disease/detail/221083", codes["ORPHA:221083"]);
        Assert.Equal("https://omim.org/entry/141405", codes["OMIM:141405"]);
        Assert.StartsWith("https://icd.who.int/", codes["ICD10:G51.3"], StringComparison.Ordinal);
        Assert.Contains("MONDO:0007713", codes.Keys);
    }

    [Fact]
    public async Task ShowsParentsAndChildrenWithABreadcrumb()
    {
        var crohn = await App.GetDocumentAsync("/conditions/crohns-disease");
        Assert.Contains("Inflammatory bowel disease", crohn.QuerySelectorAll(".breadcrumb a").Select(a => a.TextContent));
        var ibd = await App.GetDocumentAsync("/conditions/inflammatory-bowel-disease");
        var children = ibd.QuerySelectorAll("#family-title ~ ul a").Select(a => a.TextContent).ToList();
        Assert.Contains("Crohn's disease", children);
        Assert.Contains("Ulcerative colitis", children);
    }

    [Fact]
    public async Task ListsAnsweredQuestionsFirstWithTheirCountsAndTheOthersAsShortLabels()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm");
        var answered = document.QuerySelectorAll("ul.questions li").ToList();
        var diet = Assert.Single(answered);
        Assert.Equal("/conditions/hemifacial-spasm/diet", diet.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Is there a specific diet that treats Hemifacial spasm (HFS)?", diet.QuerySelector("a")!.TextContent);
        Assert.Contains("2 experiences", diet.TextContent, StringComparison.Ordinal);
        Assert.NotNull(diet.QuerySelector(".badge"));

        // The 21 others: short labels, without the condition's name repeated.
        var topics = document.QuerySelectorAll("ul.topics a").ToList();
        Assert.Equal(21, topics.Count);
        Assert.Contains(topics, a => a.TextContent == "Sleep" && a.GetAttribute("href") == "/conditions/hemifacial-spasm/sleep");
        Assert.All(topics, a => Assert.DoesNotContain("Hemifacial", a.TextContent, StringComparison.Ordinal));

        // Codes and registry links sit in the section for professionals, after the questions.
        Assert.NotNull(document.QuerySelector("section.professionals .codes a"));

        var spanish = await App.GetDocumentAsync("/es/conditions/hemifacial-spasm");
        var dieta = spanish.QuerySelectorAll("ul.questions li").Single(q => q.QuerySelector("a")!.GetAttribute("href") == "/es/conditions/hemifacial-spasm/diet");
        Assert.Equal("¿Existe una dieta específica que trate Espasmo hemifacial (HFS)?", dieta.QuerySelector("a")!.TextContent);
        Assert.Contains("2 experiencias", dieta.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpperCaseSlugRedirectsPermanentlyToTheCanonicalOne()
    {
        using var response = await App.Client.GetAsync("/conditions/Hemifacial-Spasm");
        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/conditions/hemifacial-spasm", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task CarriesMedicalConditionJsonLd()
    {
        var document = await App.GetDocumentAsync("/conditions/lyme-disease");
        using var json = System.Text.Json.JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("MedicalCondition", json.RootElement.GetProperty("@type").GetString());
        Assert.Contains(json.RootElement.GetProperty("code").EnumerateArray(), c => c.GetProperty("codeValue").GetString() == "11729");
    }
}
