using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Messages;
using PatientAtlas.Features.Questions;
using PatientAtlas.Tests.Infrastructure;
using static PatientAtlas.Tests.Features.Moderation.ModerationSteps;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>
/// Nobody judges their own case: a moderator's own posts, proposals and the reports of conversations they are in are not
/// in their queue (page or API), and deciding them anyway is refused (the page says so, the API answers 403
/// "Moderation.OwnCase") with nothing changed: no decision, no audit entry, no notification. Another moderator decides them.
/// </summary>
public sealed class OwnCaseTests
{
    private static async Task<List<(string Kind, long Id)>> ApiQueueAsync(AtlasApp app, string token)
    {
        using var response = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.EnumerateArray().Select(i => (i.GetProperty("kind").GetString()!, i.GetProperty("id").GetInt64()))];
    }

    /// <summary>The page's answer to a decision posted straight to the handler (the queue offers no form for it), followed to the message.</summary>
    private static async Task AssertPageRefusesAsync(Writer moderator, string kind, long id, Dictionary<string, string> fields)
    {
        var (status, location) = await moderator.Visitor.PostFormAsync($"/moderation?handler={kind}&id={id}", fields);
        Assert.True(status == HttpStatusCode.Redirect && location == "/moderation?outcome=own", $"{kind} {id} {fields["Form.Action"]}: {(int)status} {location}");
        var page = await moderator.Visitor.GetAsync(location!);
        Assert.Equal("This item is your own, or about you: another moderator decides it. Nothing was changed.", page.Document.QuerySelector("#own-case")!.TextContent.Trim());
    }

    private static async Task AssertApiRefusesAsync(AtlasApp app, string token, string path, object body)
    {
        using var response = await app.PostJsonAsync(path, token, body);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Moderation.OwnCase", problem.RootElement.GetProperty("code").GetString());
    }

    private static Task<int> DecisionRecordsAsync(AtlasApp app) => app.WithDbAsync(async db =>
        await db.ModerationDecisions.CountAsync() + await db.MemberNotifications.CountAsync()
        + await db.AuditEntries.CountAsync(a => a.Action.StartsWith("moderation.") && a.Action != "moderation.conversation.viewed"));

    [Fact]
    public async Task A_moderator_cannot_see_or_decide_their_own_posts_pending_or_hidden_by_flags_and_gains_no_standing_from_trying()
    {
        await using var app = await AtlasApp.StartAsync();
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);
        using var colleague = await app.ConsentedMemberAsync(ModeratorRole);
        var pending = await app.PostAsync(moderator, "My own pending post.", ExperienceStatus.Pending, HoldReasons.NewMember);
        var hidden = await app.PostAsync(moderator, "My own post that members' flags hid.", ExperienceStatus.Hidden, HoldReasons.Flagged);
        var token = await moderator.WriteTokenAsync();
        var colleagueToken = await colleague.WriteTokenAsync();

        var mine = await moderator.Visitor.GetAsync("/moderation");
        Assert.Null(mine.Document.QuerySelector($"#item-experience-{pending}"));
        Assert.Null(mine.Document.QuerySelector($"#item-experience-{hidden}"));
        Assert.DoesNotContain(await ApiQueueAsync(app, token), i => i.Kind == "experience" && (i.Id == pending || i.Id == hidden));
        var theirs = await colleague.Visitor.GetAsync("/moderation");
        Assert.NotNull(theirs.Document.QuerySelector($"#item-experience-{pending}"));
        Assert.NotNull(theirs.Document.QuerySelector($"#item-experience-{hidden}"));
        Assert.Equal(2, (await ApiQueueAsync(app, colleagueToken)).Count(i => i.Kind == "experience" && (i.Id == pending || i.Id == hidden)));

        foreach (var post in new[] { pending, hidden })
        {
            await AssertPageRefusesAsync(moderator, "experience", post, new() { ["Form.Action"] = "approve" });
            await AssertPageRefusesAsync(moderator, "experience", post, new() { ["Form.Action"] = "reject", ["Form.Reason"] = "Mine." });
            await AssertApiRefusesAsync(app, token, $"/api/v1/moderation/experiences/{post}/decisions", new { action = "approve" });
            await AssertApiRefusesAsync(app, token, $"/api/v1/moderation/experiences/{post}/decisions", new { action = "redact", passage = "My own" });
        }
        Assert.Equal(ExperienceStatus.Pending, (await app.ExperienceAsync(pending)).Status);
        Assert.Equal((ExperienceStatus.Hidden, HoldReasons.Flagged), ((await app.ExperienceAsync(hidden)).Status, (await app.ExperienceAsync(hidden)).HoldReasons));
        Assert.Equal(0, await DecisionRecordsAsync(app));
        // Their standing counts published posts: none of theirs was published by their own hand.
        Assert.Equal(0, await app.WithDbAsync(db => db.Experiences.CountAsync(e => e.MemberId == moderator.Id && e.Status == ExperienceStatus.Published)));

        // Another moderator decides them as any member's.
        Assert.NotNull((await colleague.Visitor.DecideAsync("experience", pending, "approve")).Document.QuerySelector("#decided"));
        Assert.Equal(ExperienceStatus.Published, (await app.ExperienceAsync(pending)).Status);
        var decision = await app.WithDbAsync(db => db.ModerationDecisions.AsNoTracking().SingleAsync());
        Assert.Equal((colleague.Id, moderator.Id), (decision.ModeratorId, decision.MemberId));
    }

    [Fact]
    public async Task A_moderator_cannot_see_or_decide_their_own_question_proposal()
    {
        await using var app = await AtlasApp.StartAsync();
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);
        using var colleague = await app.ConsentedMemberAsync(ModeratorRole);
        var token = await moderator.WriteTokenAsync();
        var proposal = new QuestionProposal
        {
            ConditionId = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == "hemifacial-spasm").Select(c => c.Id).SingleAsync()),
            MemberId = moderator.Id, Title = "Does my own question deserve a page?", Language = "en", Status = ProposalStatus.Pending, CreatedAt = DateTime.UtcNow,
        };
        await app.WriteAsync(db => db.QuestionProposals.Add(proposal));

        Assert.Null((await moderator.Visitor.GetAsync("/moderation")).Document.QuerySelector($"#item-question-{proposal.Id}"));
        Assert.DoesNotContain(await ApiQueueAsync(app, token), i => i.Kind == "question" && i.Id == proposal.Id);
        Assert.NotNull((await colleague.Visitor.GetAsync("/moderation")).Document.QuerySelector($"#item-question-{proposal.Id}"));

        await AssertPageRefusesAsync(moderator, "question", proposal.Id, new() { ["Form.Action"] = "approve" });
        await AssertApiRefusesAsync(app, token, $"/api/v1/moderation/questions/{proposal.Id}/decisions", new { action = "approve" });
        await AssertApiRefusesAsync(app, token, $"/api/v1/moderation/questions/{proposal.Id}/decisions", new { action = "reject", reason = "Mine." });
        var after = await app.WithDbAsync(db => db.QuestionProposals.AsNoTracking().SingleAsync(p => p.Id == proposal.Id));
        Assert.Equal((ProposalStatus.Pending, (DateTime?)null, (int?)null), (after.Status, after.DecidedAt, after.QuestionId));
        Assert.False(await app.WithDbAsync(db => db.Questions.AnyAsync(q => q.CustomText == proposal.Title)));
        Assert.Equal(0, await DecisionRecordsAsync(app));
    }

    [Fact]
    public async Task A_moderator_cannot_read_or_decide_reports_of_a_conversation_they_are_in()
    {
        await using var app = await AtlasApp.StartAsync();
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);
        using var colleague = await app.ConsentedMemberAsync(ModeratorRole);
        using var ana = await app.ConsentedMemberAsync();
        using var ben = await app.ConsentedMemberAsync();
        var token = await moderator.WriteTokenAsync();
        long aboutThem = 0, byThem = 0;
        await app.WithDbAsync(async db =>
        {
            var at = DateTime.UtcNow.AddMinutes(-10);
            var first = new Conversation { FirstId = ana.Id, SecondId = moderator.Id, CreatedAt = at, LastMessageAt = at };
            var second = new Conversation { FirstId = moderator.Id, SecondId = ben.Id, CreatedAt = at, LastMessageAt = at };
            db.AddRange(first, second);
            await db.SaveChangesAsync();
            db.AddRange(
                new ConversationMessage { ConversationId = first.Id, SenderId = moderator.Id, Text = "secret-words-of-the-moderator", SentAt = at.AddMinutes(1) },
                new ConversationMessage { ConversationId = second.Id, SenderId = ben.Id, Text = "secret-words-of-ben", SentAt = at.AddMinutes(1) });
            var about = new ConversationReport { ConversationId = first.Id, ReporterId = ana.Id, Reason = "harassment", CreatedAt = at.AddMinutes(2) };
            var by = new ConversationReport { ConversationId = second.Id, ReporterId = moderator.Id, Reason = "spam", CreatedAt = at.AddMinutes(3) };
            db.AddRange(about, by);
            await db.SaveChangesAsync();
            (aboutThem, byThem) = (about.Id, by.Id);
        });

        var mine = await moderator.Visitor.GetAsync("/moderation");
        Assert.Null(mine.Document.QuerySelector($"#item-conversation-{aboutThem}"));
        Assert.Null(mine.Document.QuerySelector($"#item-conversation-{byThem}"));
        Assert.DoesNotContain("secret-words", mine.Document.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(await ApiQueueAsync(app, token), i => i.Kind == "conversation" && (i.Id == aboutThem || i.Id == byThem));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.ActorId == moderator.Id && a.Action == "moderation.conversation.viewed")));
        var theirs = await colleague.Visitor.GetAsync("/moderation");
        Assert.NotNull(theirs.Document.QuerySelector($"#item-conversation-{aboutThem}"));
        Assert.NotNull(theirs.Document.QuerySelector($"#item-conversation-{byThem}"));

        foreach (var report in new[] { aboutThem, byThem })
        {
            await AssertPageRefusesAsync(moderator, "conversation", report, new() { ["Form.Action"] = "dismiss" });
            await AssertApiRefusesAsync(app, token, $"/api/v1/moderation/conversations/{report}/decisions", new { action = "suspend", reason = "Abuse.", days = 30 });
            await AssertApiRefusesAsync(app, token, $"/api/v1/moderation/conversations/{report}/decisions", new { action = "close" });
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ConversationReport>().CountAsync(r => r.ResolvedAt != null)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Conversation>().CountAsync(c => c.ClosedByModeratorsAt != null)));
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(m => m.Id == ben.Id).Select(m => m.SuspendedUntil).SingleAsync()));
        Assert.Equal(0, await DecisionRecordsAsync(app));
    }
}
