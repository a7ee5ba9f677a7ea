using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Questions;

public sealed class QuestionsApiTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task ListsEveryQuestionOfAConditionWithItsCounts()
    {
        using var json = JsonDocument.Parse(await App.Client.GetStringAsync("/api/v1/conditions/hemifacial-spasm/questions"));
        var questions = json.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(22, questions.Count);
        var diet = questions.Single(q => q.GetProperty("slug").GetString() == "diet");
        Assert.Equal(2, diet.GetProperty("experiences").GetInt32());
        Assert.True(diet.GetProperty("hasReviewedSummary").GetBoolean());
        Assert.Equal("Is there a specific diet that treats Hemifacial spasm (HFS)?", diet.GetProperty("text").GetString());

        using var spanish = JsonDocument.Parse(await App.Client.GetStringAsync("/api/v1/conditions/hemifacial-spasm/questions?lang=es"));
        var dieta = spanish.RootElement.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("slug").GetString() == "diet");
        Assert.StartsWith("¿Existe una dieta", dieta.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("/es/conditions/hemifacial-spasm/diet", dieta.GetProperty("pageUrl").GetString());
    }

    [Fact]
    public async Task AQuestionCarriesItsSummaryReviewerCitationsCountsTriedAndExperiences()
    {
        using var response = await App.Client.GetAsync("/api/v1/conditions/hemifacial-spasm/questions/diet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("experienceCount").GetInt32());
        Assert.Equal(2, root.GetProperty("experiences").GetArrayLength());
        Assert.Contains("ORPHA:221083", root.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        var summary = root.GetProperty("summary");
        Assert.Equal("2026-05-08", summary.GetProperty("lastReviewed").GetString());
        Assert.Equal("2027-05-08", summary.GetProperty("nextReviewDue").GetString());
        Assert.Contains("(demo)", summary.GetProperty("reviewer").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, summary.GetProperty("citations").GetArrayLength());
        Assert.All(root.GetProperty("tried").EnumerateArray(), t => Assert.False(t.GetProperty("outcomesShown").GetBoolean()));
    }

    [Fact]
    public async Task AnswersCarryAnETagAndARepeatedRequestGets304()
    {
        using var first = await App.Client.GetAsync("/api/v1/conditions/celiac-disease/questions/diet");
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/conditions/celiac-disease/questions/diet");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await App.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/conditions/celiac-disease/questions/diet");
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        using var third = await App.Client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/conditions/no-such-condition/questions", 404)]
    [InlineData("/api/v1/conditions/hemifacial-spasm/questions/no-such-question", 404)]
    [InlineData("/api/v1/conditions/hemifacial-spasm/questions/diet?sort=oldest", 400)]
    [InlineData("/api/v1/conditions/hemifacial-spasm/questions/diet?after=abc", 400)]
    [InlineData("/api/v1/conditions/hemifacial-spasm/questions/diet?lang=fr", 400)]
    public async Task ErrorsAreProblemDetails(string path, int status)
    {
        using var response = await App.Client.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheQuestionEndpoints()
    {
        using var json = JsonDocument.Parse(await App.Client.GetStringAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/conditions/{condition}/questions", out _));
        Assert.True(paths.TryGetProperty("/api/v1/conditions/{condition}/questions/{question}", out _));
    }
}
