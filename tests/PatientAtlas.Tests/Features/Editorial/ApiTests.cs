using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Editorial;

/// <summary>The editorial workflow through the API with personal tokens: the same rules as the pages, errors as problem+json.</summary>
public sealed class ApiTests
{
    private const string Summary = "/api/v1/editorial/hemifacial-spasm/triggers/en";

    private static object Draft(string shortAnswer, string identifier = "PMID:31234567", Guid? version = null) => new
    {
        shortAnswer,
        bodyMarkdown = "## What the evidence says\n\nStress is reported most.",
        changeNote = "First",
        citations = new[] { new { identifier, title = "A study", accessed = "2026-11-20" } },
        version,
    };

    [Fact]
    public async Task Editors_draft_and_submit_and_reviewers_approve_with_tokens()
    {
        await using var app = await AtlasApp.StartAsync(clock: new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));
        var (editor, _, _) = await Editors.EditorAsync(app);
        var (reviewer, _) = await Editors.ReviewerAsync(app);
        var editorToken = await TokenTests.MakeTokenAsync(editor, scope: "Write");
        var reviewerToken = await TokenTests.MakeTokenAsync(reviewer, scope: "Write");
        var readOnly = await TokenTests.MakeTokenAsync(editor, scope: "Read");

        // Malformed DOI and empty short answer: 400 with the fields named; nothing stored.
        using (var bad = await ApiCalls.SendAsync(app, HttpMethod.Put, Summary + "/draft", editorToken, JsonContent.Create(Draft("", "10.1/x"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            var errors = problem.RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("shortAnswer", out _));
            Assert.Contains("10.NNNN", errors.GetProperty("citations[0].identifier")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Empty(await Editors.RevisionsAsync(app));
        // A read-only token cannot write.
        using (var read = await ApiCalls.SendAsync(app, HttpMethod.Put, Summary + "/draft", readOnly, JsonContent.Create(Draft("Short."))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        Guid version;
        using (var saved = await ApiCalls.SendAsync(app, HttpMethod.Put, Summary + "/draft", editorToken, JsonContent.Create(Draft("Short answer."))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            using var body = JsonDocument.Parse(await saved.Content.ReadAsStringAsync());
            Assert.Equal("draft", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("31234567", body.RootElement.GetProperty("citations")[0].GetProperty("identifier").GetString());
            version = body.RootElement.GetProperty("version").GetGuid();
        }
        // Saving on a version that is no longer current: 409.
        using (var stale = await ApiCalls.SendAsync(app, HttpMethod.Put, Summary + "/draft", editorToken, JsonContent.Create(Draft("Other.", version: Guid.NewGuid()))))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }
        using (var submitted = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/submit", editorToken, JsonContent.Create(new { version })))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }
        using (var state = await ApiCalls.GetAsync(app, Summary, reviewerToken))
        {
            using var body = JsonDocument.Parse(await state.Content.ReadAsStringAsync());
            Assert.Equal("in-review", body.RootElement.GetProperty("working").GetProperty("status").GetString());
            version = body.RootElement.GetProperty("working").GetProperty("version").GetGuid();
        }
        using (var queue = await ApiCalls.GetAsync(app, "/api/v1/editorial/queue", reviewerToken))
        {
            Assert.Contains("\"question\":\"triggers\"", await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // An editor's token cannot review; a stale version cannot be approved.
        using (var notReviewer = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/review", editorToken, JsonContent.Create(new { decision = "approve", version })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notReviewer.StatusCode);
        }
        using (var changed = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/review", reviewerToken, JsonContent.Create(new { decision = "approve", version = Guid.NewGuid() })))
        {
            Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
            Assert.Equal("application/problem+json", changed.Content.Headers.ContentType?.MediaType);
        }
        using (var approved = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/review", reviewerToken, JsonContent.Create(new { decision = "approve", version, comment = "Clear." })))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            using var body = JsonDocument.Parse(await approved.Content.ReadAsStringAsync());
            Assert.Equal("2027-12-01", body.RootElement.GetProperty("published").GetProperty("nextReviewDue").GetString());
        }

        // Everyone reads the reviewed revisions and their dates.
        var history = await app.Client.GetStringAsync("/api/v1/conditions/hemifacial-spasm/questions/triggers/history");
        using (var list = JsonDocument.Parse(history))
        {
            var first = list.RootElement[0];
            Assert.Equal("published", first.GetProperty("status").GetString());
            Assert.Equal("2026-12-01", first.GetProperty("reviewedOn").GetString());
            Assert.Equal("2027-12-01", first.GetProperty("nextReviewDue").GetString());
            Assert.EndsWith("/reviewers/" + first.GetProperty("reviewerUrl").GetString()!.Split('/')[^1], first.GetProperty("reviewerUrl").GetString(), StringComparison.Ordinal);
        }
        using (var question = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v1/conditions/hemifacial-spasm/questions/triggers")))
        {
            Assert.Equal("2027-12-01", question.RootElement.GetProperty("summary").GetProperty("nextReviewDue").GetString());
        }
    }

    [Fact]
    public async Task A_reviewer_who_edited_the_text_cannot_approve_it_through_the_api()
    {
        await using var app = await AtlasApp.StartAsync();
        var (both, _) = await Editors.ReviewerAsync(app, profile: true, Roles.Editor);
        var token = await TokenTests.MakeTokenAsync(both, scope: "Write");
        using var saved = await ApiCalls.SendAsync(app, HttpMethod.Put, Summary + "/draft", token, JsonContent.Create(Draft("Mine.")));
        var version = JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetGuid();
        using var submitted = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/submit", token, JsonContent.Create(new { version }));
        version = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("working").GetProperty("version").GetGuid();

        using var refused = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/review", token, JsonContent.Create(new { decision = "approve", version }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Editorial.OwnText", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        using var sentBack = await ApiCalls.SendAsync(app, HttpMethod.Post, Summary + "/review", token, JsonContent.Create(new { decision = "request-changes", version, comment = "Mine." }));
        Assert.Equal(HttpStatusCode.Forbidden, sentBack.StatusCode);
        Assert.Equal(PatientAtlas.Features.Summaries.SummaryStatus.InReview, Assert.Single(await Editors.RevisionsAsync(app)).Status);
    }
}
