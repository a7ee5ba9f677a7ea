using System.Net;
using System.Net.Http.Json;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

public sealed class CatalogApiTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private HttpClient Client => fixture.App.Client;

    [Fact]
    public async Task ConditionAnswersWithNamesCodesAndUrl()
    {
        var hfs = await Client.GetFromJsonAsync<CatalogApi.ConditionDetail>("/api/v1/conditions/hemifacial-spasm");
        Assert.Equal("Hemifacial spasm", hfs!.Name);
        Assert.Equal(["HFS"], hfs.Abbreviations);
        Assert.Contains("ORPHA:221083", hfs.Codes);
        Assert.Contains("Facial hemispasm", hfs.Synonyms);
        Assert.Equal("/conditions/hemifacial-spasm", hfs.Url);
    }

    [Fact]
    public async Task CodeFindsTheConditionThatCarriesIt()
    {
        var hfs = await Client.GetFromJsonAsync<CatalogApi.ConditionDetail>("/api/v1/codes/ORPHA:221083");
        Assert.Equal("hemifacial-spasm", hfs!.Slug);
        var lyme = await Client.GetFromJsonAsync<CatalogApi.ConditionDetail>("/api/v1/codes/Orphanet_91546");
        Assert.Equal("lyme-disease", lyme!.Slug);
    }

    [Fact]
    public async Task ListIsPagedByLetter()
    {
        var page = await Client.GetFromJsonAsync<CatalogApi.ConditionPage>("/api/v1/conditions?letter=h&page=1");
        Assert.Equal("h", page!.Letter);
        Assert.Contains(page.Conditions, c => c.Slug == "hemifacial-spasm" && c.Abbreviation == "HFS");
    }

    [Theory]
    [InlineData("/api/v1/conditions/no-such-condition", 404)]
    [InlineData("/api/v1/codes/ORPHA:999999999", 404)]
    [InlineData("/api/v1/codes/NOPE:1", 400)]
    [InlineData("/api/v1/conditions?letter=h&page=99", 404)]
    [InlineData("/api/v1/conditions?letter=%C3%A9", 400)]
    public async Task UnknownOrBadRequestsAnswerProblemJson(string path, int status)
    {
        using var response = await Client.GetAsync(path);
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EndpointsAreInTheOpenApiDocument()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/v1/conditions/{condition}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/conditions\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/codes/{code}\"", document, StringComparison.Ordinal);
    }
}
