using System.Text.Json;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Questions;

/// <summary>The minor findings of a newcomer's first read of a question page, each checked where it was seen.</summary>
public sealed class QuestionPageWayForwardTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task TheCountIsASentenceAndSharingIsOfferedAgainAfterTheExperiences()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        var line = document.QuerySelector("p.community-line")!;
        var share = line.QuerySelector("a.share-link")!;
        Assert.Contains("button", share.ClassList);
        Assert.EndsWith(".", line.TextContent.Replace(share.TextContent, "", StringComparison.Ordinal).Trim(), StringComparison.Ordinal);
        Assert.Equal("/conditions/hemifacial-spasm/diet/share", document.QuerySelector("section.experiences p.share-after a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("", "how long:")]
    [InlineData("/es", "cuánto tiempo:")]
    public async Task AQuestionPageLeadsToItsConditionsMapAndPeopleNearMeAndLabelsHowLongInTheReadersLanguage(string prefix, string label)
    {
        var document = await App.GetDocumentAsync($"{prefix}/conditions/hemifacial-spasm/diet");
        var links = document.QuerySelectorAll("p.condition-links a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"{prefix}/conditions/hemifacial-spasm/map", $"{prefix}/conditions/hemifacial-spasm/near"], links);
        var entry = document.QuerySelectorAll("ul.tried li").First(li => li.QuerySelector(".duration") is not null);
        Assert.Contains(label, entry.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StructuredDataSaysOnlyWhatThePageShows()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        using var json = JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal(1, json.RootElement.GetProperty("mainEntity").GetProperty("answerCount").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("expires", out _));
    }
}
