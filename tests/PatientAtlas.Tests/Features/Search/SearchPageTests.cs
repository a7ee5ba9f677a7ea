using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>The search page and the suggest API over the full catalog: groups, paging, corrections, bad input.</summary>
[Collection(SearchCatalogCollection.Name)]
public sealed class SearchPageTests(SearchCatalogFixture fixture)
{
    private AtlasApp App => fixture.App;

    /// <summary>Full-text syntax, SQL, control characters and emoji: each must be an ordinary search (200).</summary>
    public static TheoryData<string> HostileQueries => new()
    {
        "\"", "\"\"", "\"hemifacial", "hemifacial\"", "\"hemifacial spasm\"", "'", "''", "O'Brien", "*", "**", "hemi*", "*spasm",
        "-", "--", "-spasm", "hemifacial -spasm", "NEAR", "NEAR(hemifacial spasm)", "hemifacial NEAR/2 spasm", "(", ")", "((", "(hemifacial",
        "hemifacial)", "AND", "OR", "NOT", "hemifacial AND spasm", "hemifacial OR", "OR OR OR", "a AND OR NOT b", "Folded : spasm",
        "{Folded}: spasm", "^spasm", "spasm:*", "spasm & | !", "!!", "<->", "'; DROP TABLE \"Conditions\"; --", "1' OR '1'='1",
        "\" OR 1=1 --", "hemifacial\0spasm", "\u0001\u0002\u0003", "tab\there", "line\nbreak", "\u001b[31m", "😀", "spasm 😀😀",
        "👨‍👩‍👧", "\u200b", "\ufeff", "%", "%%", "_", "\\", "\\\\", "<script>alert(1)</script>", "&amp;", "∑∂", "日本語", "Ω",
        "   ", ".", "...", ":", "ORPHA:", ":221083", "G51.", "G", "a b c d e f g h i j k l m n o p",
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task AnyQueryIsAnOrdinarySearch(string query)
    {
        var path = "/search?q=" + Uri.EscapeDataString(query);
        using var page = await App.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        using var suggest = await App.Client.GetAsync("/api/v1/search/suggest?q=" + Uri.EscapeDataString(query));
        Assert.True(suggest.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{query}: {suggest.StatusCode}");
        if (!string.IsNullOrWhiteSpace(query))
        {
            Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
        }
    }

    [Fact]
    public async Task SyntaxDoesNotChangeTheMeaningOfAQuery()
    {
        var plain = SearchCasesTests.TopLinks(await App.GetDocumentAsync("/search?q=hemifacial%20spasm"), "conditions", 3);
        foreach (var dressed in new[] { "\"hemifacial spasm\"", "hemifacial* spasm*", "(hemifacial AND spasm)", "-hemifacial -spasm" })
        {
            var top = SearchCasesTests.TopLinks(await App.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(dressed)), "conditions", 3);
            Assert.Equal(plain[0], top[0]);
        }
    }

    [Fact]
    public async Task AnEmptyQueryShowsTips()
    {
        foreach (var path in new[] { "/search", "/search?q=", "/search?q=%20%20", "/es/search" })
        {
            var document = await App.GetDocumentAsync(path);
            Assert.NotNull(document.QuerySelector("section.search-tips"));
            Assert.Empty(document.QuerySelectorAll("section.search-group"));
        }
    }

    [Fact]
    public async Task AQueryOverTwoHundredCharactersIsRefusedClearly()
    {
        var document = await App.GetDocumentAsync("/search?q=" + new string('a', 201), 400);
        Assert.Contains("200", document.QuerySelector(".error-detail")!.TextContent, StringComparison.Ordinal);
        var spanish = await App.GetDocumentAsync("/es/search?q=" + new string('a', 201), 400);
        Assert.Equal("es", spanish.DocumentElement.GetAttribute("lang"));
        Assert.Contains("caracteres", spanish.QuerySelector(".error-detail")!.TextContent, StringComparison.Ordinal);
        await App.GetDocumentAsync("/search?q=" + new string('a', 200));
        await App.GetDocumentAsync("/search?q=hfs&type=nonsense", 400);
        await App.GetDocumentAsync("/search?q=hfs&type=conditions&page=abc", 400);
        await App.GetDocumentAsync("/search?q=hfs&type=conditions&page=0", 400);
    }

    [Fact]
    public async Task AMisspellingOffersTheCorrectedQuery()
    {
        var document = await App.GetDocumentAsync("/search?q=hemifacial%20spasam%20diet");
        var link = document.QuerySelector("p.did-you-mean a")!;
        Assert.Equal("hemifacial spasm diet", link.TextContent);
        Assert.Equal("/search?q=hemifacial%20spasm%20diet", link.GetAttribute("href"));

        // "aspergilosis" is the condition's Spanish name now: a word the catalog uses is never corrected.
        Assert.Null((await App.GetDocumentAsync("/es/search?q=aspergilosis")).QuerySelector("p.did-you-mean"));
        var spanish = await App.GetDocumentAsync("/es/search?q=hemifacial%20spasam");
        Assert.Equal("/es/search?q=hemifacial%20spasm", spanish.QuerySelector("p.did-you-mean a")!.GetAttribute("href"));
        Assert.Contains("Quizás quiso decir", spanish.QuerySelector("p.did-you-mean")!.TextContent, StringComparison.Ordinal);

        var correct = await App.GetDocumentAsync("/search?q=hemifacial%20spasm");
        Assert.Null(correct.QuerySelector("p.did-you-mean"));
    }

    [Fact]
    public async Task ResultsAreGroupedWithCountsAndHighlightedSnippets()
    {
        var document = await App.GetDocumentAsync("/search?q=hfs%20diet");
        var groups = document.QuerySelectorAll("section.search-group").Select(s => s.Id).ToList();
        Assert.Equal(["conditions", "questions", "summaries", "experiences"], groups);
        Assert.Equal("/conditions/hemifacial-spasm/diet", SearchCasesTests.TopLinks(document, "questions", 1).Single());
        Assert.Equal("/conditions/hemifacial-spasm/diet", SearchCasesTests.TopLinks(document, "summaries", 1).Single());
        Assert.Equal("(2)", document.QuerySelector("#experiences-title .count")!.TextContent);
        Assert.Equal(2, document.QuerySelectorAll("section#experiences ol.search-results > li").Length);
        var marks = document.QuerySelectorAll("section#summaries .snippet mark").Select(m => m.TextContent.ToLowerInvariant()).ToList();
        Assert.Contains("hfs", marks);
        Assert.All(document.QuerySelectorAll(".snippet *"), e => Assert.Equal("MARK", e.TagName));
    }

    [Fact]
    public async Task OneGroupPagesThroughItsResults()
    {
        var first = await App.GetDocumentAsync("/search?q=syndrome&type=conditions");
        Assert.Single(first.QuerySelectorAll("section.search-group"));
        var firstLinks = SearchCasesTests.TopLinks(first, "conditions", 100);
        Assert.Equal(20, firstLinks.Count);
        Assert.Equal("/search?q=syndrome&type=conditions&page=2", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var second = await App.GetDocumentAsync("/search?q=syndrome&type=conditions&page=2");
        var secondLinks = SearchCasesTests.TopLinks(second, "conditions", 100);
        Assert.Equal(20, secondLinks.Count);
        Assert.Empty(firstLinks.Intersect(secondLinks));
        Assert.NotNull(second.QuerySelector("a[rel=prev]"));

        var overview = await App.GetDocumentAsync("/search?q=syndrome");
        Assert.Equal(10, SearchCasesTests.TopLinks(overview, "conditions", 100).Count);
        Assert.Equal("/search?q=syndrome&type=conditions", overview.QuerySelector("section#conditions p a")!.GetAttribute("href"));
        await App.GetDocumentAsync("/search?q=syndrome&type=conditions&page=999", 404);
    }

    [Fact]
    public async Task TheSpanishPageSpeaksSpanish()
    {
        var document = await App.GetDocumentAsync("/es/search?q=hfs%20dieta");
        Assert.Equal("es", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Enfermedades", document.QuerySelector("#conditions-title")!.FirstChild!.TextContent.Trim());
        var question = document.QuerySelector("section#questions a.result-title")!;
        Assert.Equal("/es/conditions/hemifacial-spasm/diet", question.GetAttribute("href"));
        Assert.StartsWith("¿Existe una dieta", question.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestionsAreConditionsAndQuestionsWithCacheHeaders()
    {
        using var response = await App.Client.GetAsync("/api/v1/search/suggest?q=HFS");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.True(response.Headers.CacheControl.MaxAge > TimeSpan.Zero);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(items.Count, 1, 8);
        Assert.Equal("Hemifacial spasm (HFS)", items[0].GetProperty("label").GetString());
        Assert.Equal("condition", items[0].GetProperty("kind").GetString());
        Assert.Equal("/conditions/hemifacial-spasm", items[0].GetProperty("url").GetString());

        var many = await App.Client.GetFromJsonAsync<JsonElement>("/api/v1/search/suggest?q=syndrome");
        Assert.Equal(8, many.GetProperty("items").GetArrayLength());

        var question = await App.Client.GetFromJsonAsync<JsonElement>("/api/v1/search/suggest?q=hfs%20diet&lang=es");
        var first = question.GetProperty("items")[0];
        Assert.Equal("question", first.GetProperty("kind").GetString());
        Assert.Equal("/es/conditions/hemifacial-spasm/diet", first.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/api/v1/search/suggest")]
    [InlineData("/api/v1/search/suggest?q=")]
    [InlineData("/api/v1/search/suggest?q=%20")]
    public async Task SuggestWithoutAQueryIsAProblem(string path)
    {
        using var response = await App.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task SuggestWithATooLongQueryIsAProblem()
    {
        using var response = await App.Client.GetAsync("/api/v1/search/suggest?q=" + new string('x', 201));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task SuggestIsInTheOpenApiDocument()
    {
        var document = await App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/search/suggest", out _));
    }
}
