using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

public sealed class ModerationApiTests
{
    [Fact]
    public async Task A_moderators_token_reads_the_queue_and_decides_with_the_same_rules_as_the_page()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Valerian root helped a little.", ExperienceStatus.Pending, HoldReasons.NewMember);
        var urgent = await app.PostAsync(author, "I want it all to stop.", ExperienceStatus.Pending, HoldReasons.Crisis, urgent: true);
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var token = await moderator.WriteTokenAsync();

        using (var queue = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", token))
        {
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
            using var json = JsonDocument.Parse(await queue.Content.ReadAsStringAsync());
            var items = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(urgent, items[0].GetProperty("id").GetInt64());
            Assert.True(items[0].GetProperty("urgent").GetBoolean());
            var mine = items.Single(i => i.GetProperty("kind").GetString() == "experience" && i.GetProperty("id").GetInt64() == post);
            Assert.Equal("new-member", mine.GetProperty("holdReasons")[0].GetString());
            Assert.Equal(author.Pseudonym, mine.GetProperty("author").GetProperty("pseudonym").GetString());
            Assert.Equal("new", mine.GetProperty("author").GetProperty("trustLevel").GetString());
            Assert.Equal($"/api/v1/moderation/experiences/{post}/decisions", mine.GetProperty("decisionUrl").GetString());
        }

        // Without the role, or with a read-only token: 403; without a token: 401.
        var memberToken = await author.WriteTokenAsync();
        using (var refused = await app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", memberToken, new { action = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        var readToken = await TokenTests.MakeTokenAsync(moderator.Visitor, scope: "Read");
        using (var readOnly = await app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", readToken, new { action = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        }
        using (var anonymous = await app.Client.PostAsync($"/api/v1/moderation/experiences/{post}/decisions", new StringContent("{\"action\":\"approve\"}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // Bad input: problem+json naming the field; nothing changes.
        foreach (var (body, field) in new (object, string)[]
        {
            (new { action = "publish" }, "action"),
            (new { action = "reject" }, "reason"),
            (new { action = "reject", reason = new string('r', 1001) }, "reason"),
            (new { action = "suspend", reason = "Abuse.", days = 400 }, "days"),
            (new { action = "redact", passage = "not there" }, "passage"),
        })
        {
            using var bad = await app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", token, body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem.RootElement}");
        }
        Assert.Equal(ExperienceStatus.Pending, (await app.ExperienceAsync(post)).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync()));

        using (var approved = await app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", token, new { action = "approve" }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }
        Assert.Equal(ExperienceStatus.Published, (await app.ExperienceAsync(post)).Status);
        using (var twice = await app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", token, new { action = "hide" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
        using (var unknown = await app.PostJsonAsync("/api/v1/moderation/experiences/999999/decisions", token, new { action = "approve" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }
        using (var unknownQuestion = await app.PostJsonAsync("/api/v1/moderation/questions/999999/decisions", token, new { action = "approve" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownQuestion.StatusCode);
        }
        Assert.Equal(ExperienceStatus.Published, (await app.ExperienceAsync(post)).Status);
        Assert.Equal(1, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync()));
    }

    [Fact]
    public async Task Two_moderators_deciding_one_item_at_once_make_one_decision()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        using var first = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        using var second = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var tokens = new[] { await first.WriteTokenAsync(), await second.WriteTokenAsync() };
        for (var round = 0; round < 5; round++)
        {
            var post = await app.PostAsync(author, $"Round {round}.", ExperienceStatus.Pending, HoldReasons.NewMember);
            var answers = await Task.WhenAll(
                app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", tokens[0], new { action = "approve" }),
                app.PostJsonAsync($"/api/v1/moderation/experiences/{post}/decisions", tokens[1], new { action = "reject", reason = "No." }));
            var statuses = answers.Select(a => a.StatusCode).Order().ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            Assert.Equal(1, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync(d => d.SubjectId == post)));
            Assert.Equal(1, await app.WithDbAsync(db => db.MemberNotifications.CountAsync(n => n.MemberId == author.Id && n.CreatedAt >= DateTime.MinValue)) - round);
        }
    }
}
