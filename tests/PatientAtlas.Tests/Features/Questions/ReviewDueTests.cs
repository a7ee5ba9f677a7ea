using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Questions;

public sealed class ReviewDueTests
{
    /// <summary>The demo's summary on multiple sclerosis and exercise is due for review on 2027-02-18.</summary>
    private const string Page = "/conditions/multiple-sclerosis/exercise";
    private const string Api = "/api/v1/conditions/multiple-sclerosis/questions/exercise";

    [Fact]
    public async Task AReviewIsOverdueOnceTheClockPassesItsNextReviewDate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 18, 23, 0, 0, TimeSpan.Zero));
        // Every request renders afresh: what changes here is the day, which no change note announces.
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:OutputCache"] = "false" }, clock: clock);

        var onTheDay = await app.GetDocumentAsync(Page);
        Assert.NotNull(onTheDay.QuerySelector("dd time[datetime='2027-02-18']"));
        Assert.Null(onTheDay.QuerySelector(".overdue"));
        Assert.False(await ReviewOverdueAsync(app));

        clock.Advance(TimeSpan.FromHours(2));

        var dayAfter = await app.GetDocumentAsync(Page);
        Assert.Equal("(this review is overdue)", dayAfter.QuerySelector("strong.overdue")?.TextContent.Trim());
        Assert.True(await ReviewOverdueAsync(app));
    }

    private static async Task<bool> ReviewOverdueAsync(AtlasApp app)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await app.Client.GetStringAsync(Api));
        return document.RootElement.GetProperty("summary").GetProperty("reviewOverdue").GetBoolean();
    }
}
