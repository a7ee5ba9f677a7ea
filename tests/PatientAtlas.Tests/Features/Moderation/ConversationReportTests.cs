using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Messages;
using PatientAtlas.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;
using static PatientAtlas.Tests.Features.Moderation.ModerationSteps;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>
/// A member reports a conversation; moderators see it in the queue (the messages up to the report, each showing
/// audited) and decide: dismiss, warn, suspend the reported member, or close it. Nothing they read reaches a mail or the
/// audit trail.
/// </summary>
public sealed class ConversationReportTests
{
    /// <summary>A conversation between two members with messages sent some minutes ago (oldest first).</summary>
    private static async Task<long> ConversationAsync(AtlasApp app, Writer first, Writer second, params (Writer From, string Text)[] messages)
    {
        long id = 0;
        await app.WithDbAsync(async db =>
        {
            var start = DateTime.UtcNow.AddMinutes(-10 - messages.Length);
            var conversation = new Conversation { FirstId = first.Id, SecondId = second.Id, CreatedAt = start, LastMessageAt = start };
            db.Add(conversation);
            await db.SaveChangesAsync();
            for (var i = 0; i < messages.Length; i++)
            {
                db.Add(new ConversationMessage { ConversationId = conversation.Id, SenderId = messages[i].From.Id, Text = messages[i].Text, SentAt = start.AddMinutes(i) });
            }
            await db.SaveChangesAsync();
            id = conversation.Id;
        });
        return id;
    }

    private static async Task<long> ReportAsync(AtlasApp app, Writer reporter, long conversation, string reason, string? note = null)
    {
        var fields = new Dictionary<string, string> { ["Reason"] = reason };
        if (note is not null)
        {
            fields["Note"] = note;
        }
        var done = await reporter.Visitor.SubmitAsync($"/messages/{conversation}", "form#report", fields);
        Assert.Equal("reported", System.Web.HttpUtility.ParseQueryString(done.Url.Query)["done"]);
        return await app.WithDbAsync(db => db.Set<ConversationReport>().Where(r => r.ConversationId == conversation && r.ReporterId == reporter.Id).MaxAsync(r => r.Id));
    }

    private static Task<PageResult> DecideConversationAsync(Visitor moderator, long report, string action, string? reason = null, string? days = null) =>
        moderator.DecideAsync("conversation", report, action, reason, days: days);

    private static Task<List<PatientAtlas.Features.Audit.AuditEntry>> AuditAsync(AtlasApp app) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().ToListAsync());

    [Fact]
    public async Task A_report_reaches_the_queue_with_the_messages_up_to_the_report_urgent_first_and_every_showing_is_audited()
    {
        await using var app = await AtlasApp.StartAsync();
        using var ana = await app.ConsentedMemberAsync();
        using var ben = await app.ConsentedMemberAsync();
        using var cleo = await app.ConsentedMemberAsync();
        var lines = Enumerable.Range(1, 24).Select(i => (i % 2 == 0 ? ana : ben, $"secret-line-{i:00}")).ToArray();
        var talk = await ConversationAsync(app, ana, ben, lines);
        var other = await ConversationAsync(app, cleo, ben, (ben, "secret-threat-text"));
        var spam = await ReportAsync(app, ana, talk, "spam", "He keeps selling pills");
        // Written after the report: never shown to moderators.
        await ana.Visitor.SubmitAsync($"/messages/{talk}", "form#reply", new Dictionary<string, string> { ["Text"] = "secret-after-report" });
        var threat = await ReportAsync(app, cleo, other, "threat");
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);

        var page = await moderator.Visitor.GetAsync("/moderation");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var items = page.Document.QuerySelectorAll("#reported-conversations li.queue-item").ToList();
        Assert.Equal([$"item-conversation-{threat}", $"item-conversation-{spam}"], items.Select(i => i.Id).ToList());
        Assert.Contains("urgent", items[0].ClassList);
        var item = items[1];
        Assert.Equal(ana.Pseudonym, item.QuerySelector(".reporter")!.TextContent.Trim());
        Assert.Equal(ben.Pseudonym, item.QuerySelector(".reported .pseudonym")!.TextContent.Trim());
        Assert.Equal("new member", item.QuerySelector(".reported .trust")!.TextContent.Trim());
        Assert.NotNull(item.QuerySelector(".history"));
        Assert.Equal("He keeps selling pills", item.QuerySelector(".report-note")!.TextContent.Trim());
        var shown = item.QuerySelectorAll(".reported-messages .message-text").Select(m => m.TextContent).ToList();
        Assert.Equal(Enumerable.Range(5, 20).Select(i => $"secret-line-{i:00}").ToList(), shown);
        Assert.DoesNotContain("secret-after-report", item.TextContent, StringComparison.Ordinal);
        Assert.NotNull(item.QuerySelector("form#decide-conversation-" + spam));

        // The API shows the same, in one list with the posts: urgent first, then the oldest.
        var token = await moderator.WriteTokenAsync();
        using (var queue = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", token))
        {
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
            using var json = JsonDocument.Parse(await queue.Content.ReadAsStringAsync());
            var conversations = json.RootElement.EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "conversation").ToList();
            Assert.Equal([threat, spam], conversations.Select(c => c.GetProperty("id").GetInt64()).ToList());
            var c = conversations[1];
            Assert.Equal("spam", c.GetProperty("reason").GetString());
            Assert.Equal(ana.Pseudonym, c.GetProperty("reporter").GetString());
            Assert.Equal(ben.Pseudonym, c.GetProperty("reported").GetProperty("pseudonym").GetString());
            Assert.Equal("new", c.GetProperty("reported").GetProperty("trustLevel").GetString());
            Assert.Equal(4, c.GetProperty("earlierMessages").GetInt32());
            Assert.Equal(shown, c.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToList());
            Assert.Equal($"/api/v1/moderation/conversations/{spam}/decisions", c.GetProperty("decisionUrl").GetString());
        }

        // Each showing is in the audit trail (page, then API): who, which report, how many messages; never their text.
        var audit = await AuditAsync(app);
        var views = audit.Where(e => e.Action == "moderation.conversation.viewed").ToList();
        Assert.Equal(4, views.Count);
        Assert.All(views, v => Assert.Equal(moderator.Id, v.ActorId));
        Assert.Contains(views, v => v.SubjectId == ben.Id && v.Detail!.Contains($"conversation report {spam}", StringComparison.Ordinal) && v.Detail.Contains("20 messages", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => (e.Detail ?? "").Contains("secret-", StringComparison.Ordinal));

        // Members (even the reporter) and other roles do not see it.
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.Visitor.GetAsync("/moderation")).Status);
        using (var refused = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", await ana.WriteTokenAsync()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var refused = await app.PostJsonAsync($"/api/v1/moderation/conversations/{spam}/decisions", await ana.WriteTokenAsync(), new { action = "dismiss" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Warning_tells_the_reported_member_and_the_reporter_and_no_mail_or_audit_entry_quotes_a_message()
    {
        await using var app = await AtlasApp.StartAsync();
        using var ana = await app.ConsentedMemberAsync();
        using var ben = await app.ConsentedMemberAsync();
        var talk = await ConversationAsync(app, ana, ben, (ana, "secret-hello"), (ben, "secret-insult"));
        var report = await ReportAsync(app, ana, talk, "harassment", "secret-note");
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);

        var noReason = await DecideConversationAsync(moderator.Visitor, report, "warn");
        Assert.NotNull(noReason.Document.QuerySelector("#Form_Reason-error"));
        Assert.Null(await app.WithDbAsync(db => db.Set<ConversationReport>().Where(r => r.Id == report).Select(r => r.ResolvedAt).SingleAsync()));

        var warned = await DecideConversationAsync(moderator.Visitor, report, "warn", reason: "Please be kind in private messages.");
        Assert.NotNull(warned.Document.QuerySelector("#decided"));
        Assert.Null(warned.Document.QuerySelector($"#item-conversation-{report}"));

        var decision = await app.WithDbAsync(db => db.ModerationDecisions.AsNoTracking().SingleAsync(d => d.Subject == ModerationSubject.Conversation && d.SubjectId == report));
        Assert.Equal((ModerationAction.Warn, ben.Id), (decision.Action, decision.MemberId));
        Assert.NotNull(await app.WithDbAsync(db => db.Set<ConversationReport>().Where(r => r.Id == report).Select(r => r.ResolvedAt).SingleAsync()));
        Assert.Contains("warned you", (await ben.Visitor.GetAsync("/account/notifications")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
        var told = (await ana.Visitor.GetAsync("/account/notifications")).Document.QuerySelector("#notices")!.TextContent;
        Assert.Contains("looked at the conversation you reported", told, StringComparison.Ordinal);
        Assert.DoesNotContain("Please be kind", told, StringComparison.Ordinal);
        // The conversation goes on.
        var reply = await ben.Visitor.SubmitAsync($"/messages/{talk}", "form#reply", new Dictionary<string, string> { ["Text"] = "secret-sorry" });
        Assert.Equal("sent", System.Web.HttpUtility.ParseQueryString(reply.Url.Query)["done"]);

        Assert.NotEmpty(app.Mail.To(ben.Email));
        Assert.NotEmpty(app.Mail.To(ana.Email));
        Assert.All(app.Mail.All(), mail => Assert.DoesNotContain("secret-", mail.Subject + mail.TextBody + mail.HtmlBody, StringComparison.Ordinal));
        var audit = await AuditAsync(app);
        Assert.Contains(audit, e => e.Action == "moderation.conversation.warn" && e.SubjectId == ben.Id);
        Assert.DoesNotContain(audit, e => (e.Detail ?? "").Contains("secret-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suspending_the_reported_member_refuses_their_next_message_as_every_write_while_they_keep_the_safety_actions()
    {
        await using var app = await AtlasApp.StartAsync();
        using var ana = await app.ConsentedMemberAsync();
        using var ben = await app.ConsentedMemberAsync();
        var talk = await ConversationAsync(app, ana, ben, (ben, "secret-threat"));
        var report = await ReportAsync(app, ana, talk, "threat");
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);
        var token = await moderator.WriteTokenAsync();
        var benToken = await ben.WriteTokenAsync();

        using (var bad = await app.PostJsonAsync($"/api/v1/moderation/conversations/{report}/decisions", token, new { action = "suspend", reason = "Threats.", days = 366 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using (var bad = await app.PostJsonAsync($"/api/v1/moderation/conversations/{report}/decisions", token, new { action = "hide" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using (var suspended = await app.PostJsonAsync($"/api/v1/moderation/conversations/{report}/decisions", token, new { action = "suspend", reason = "Threats.", days = 30 }))
        {
            Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        }
        var member = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(m => m.Id == ben.Id));
        Assert.True(member.WasSuspended);
        Assert.InRange(member.SuspendedUntil!.Value, DateTime.UtcNow.AddDays(29.9), DateTime.UtcNow.AddDays(30.1));

        // The next message: the page says until when, the API answers as for every write.
        var page = await ben.Visitor.SubmitAsync($"/messages/{talk}", "form#reply", new Dictionary<string, string> { ["Text"] = "secret-more" });
        Assert.Equal("/account/suspended", page.Url.AbsolutePath);
        using (var api = await app.PostJsonAsync($"/api/v1/messages/{talk}", benToken, new { text = "secret-more" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Equal("Account suspended", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<ConversationMessage>().CountAsync(m => m.ConversationId == talk)));
        Assert.Contains("suspended your account", (await ben.Visitor.GetAsync("/account/notifications")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);

        // A second decision on the same report changes nothing.
        using (var again = await app.PostJsonAsync($"/api/v1/moderation/conversations/{report}/decisions", token, new { action = "dismiss" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        var already = await DecideStaleAsync(moderator.Visitor, report);
        Assert.NotNull(already.Document.QuerySelector("#already-decided"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync(d => d.Subject == ModerationSubject.Conversation && d.SubjectId == report)));
        Assert.All(app.Mail.All(), mail => Assert.DoesNotContain("secret-", mail.TextBody + mail.HtmlBody, StringComparison.Ordinal));
    }

    /// <summary>A moderator who opened the queue before another decided posts the form they still have (rebuilt here with their session's token).</summary>
    private static async Task<PageResult> DecideStaleAsync(Visitor moderator, long report)
    {
        var page = await moderator.GetAsync("/account/location");
        var token = page.Document.QuerySelector($"form#location input[name='{Visitor.AntiforgeryField}']")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Action"] = "dismiss", [Visitor.AntiforgeryField] = token });
        using var response = await moderator.Http.PostAsync($"/moderation?handler=conversation&id={report}", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await moderator.GetAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Closing_ends_the_conversation_for_both_and_dismissing_only_tells_the_reporter()
    {
        await using var app = await AtlasApp.StartAsync();
        using var ana = await app.ConsentedMemberAsync();
        using var ben = await app.ConsentedMemberAsync();
        using var cleo = await app.ConsentedMemberAsync();
        var talk = await ConversationAsync(app, ana, ben, (ben, "secret-spam"));
        var quiet = await ConversationAsync(app, cleo, ben, (ben, "secret-fine"));
        var closing = await ReportAsync(app, ana, talk, "spam");
        var dismissing = await ReportAsync(app, cleo, quiet, "other", "Not sure");
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);

        await DecideConversationAsync(moderator.Visitor, closing, "close");
        foreach (var member in new[] { ana, ben })
        {
            var seen = await member.Visitor.GetAsync($"/messages/{talk}");
            Assert.Equal(HttpStatusCode.OK, seen.Status);
            Assert.Null(seen.Document.QuerySelector("form#reply"));
            Assert.Contains("closed by moderators", seen.Document.QuerySelector("#closed")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("closed by moderators", (await member.Visitor.GetAsync("/messages")).Document.Body!.TextContent, StringComparison.Ordinal);
        }
        using (var api = await app.PostJsonAsync($"/api/v1/messages/{talk}", await ben.WriteTokenAsync(), new { text = "secret-more" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            Assert.Equal("Messages.Closed", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        // Neither can ask the other again.
        var asked = await ben.Visitor.SubmitAsync("/messages/new?to=" + Uri.EscapeDataString(ana.Pseudonym), "form#contact-request", new Dictionary<string, string> { ["Message"] = "Hi again" });
        Assert.NotNull(asked.Document.QuerySelector(".form-errors"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ContactRequest>().CountAsync(r => r.FromId == ben.Id)));
        Assert.Contains("closed it for both of you", (await ana.Visitor.GetAsync("/account/notifications")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);

        var dismissed = await DecideConversationAsync(moderator.Visitor, dismissing, "dismiss");
        Assert.NotNull(dismissed.Document.QuerySelector("#decided"));
        Assert.True(await app.WithDbAsync(db => db.Set<Conversation>().Where(c => c.Id == quiet).Select(c => c.ClosedByModeratorsAt == null).SingleAsync()));
        Assert.Contains("looked at the conversation you reported", (await cleo.Visitor.GetAsync("/account/notifications")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
        // Ben hears of the closing, not of the dismissed report.
        Assert.Equal([ModerationAction.Close], await app.WithDbAsync(db => db.MemberNotifications.Where(n => n.MemberId == ben.Id).Select(n => n.Action).ToListAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync(d => d.Subject == ModerationSubject.Conversation && d.MemberId == ben.Id)));
    }

    [Fact]
    public async Task Two_moderators_deciding_one_report_at_once_make_one_decision()
    {
        await using var app = await AtlasApp.StartAsync();
        using var ana = await app.ConsentedMemberAsync();
        using var ben = await app.ConsentedMemberAsync();
        using var first = await app.ConsentedMemberAsync(ModeratorRole);
        using var second = await app.ConsentedMemberAsync(ModeratorRole);
        var tokens = new[] { await first.WriteTokenAsync(), await second.WriteTokenAsync() };
        var talk = await ConversationAsync(app, ana, ben, (ben, "secret-text"));
        for (var round = 0; round < 3; round++)
        {
            var report = await ReportAsync(app, ana, talk, "spam");
            var answers = await Task.WhenAll(
                app.PostJsonAsync($"/api/v1/moderation/conversations/{report}/decisions", tokens[0], new { action = "warn", reason = "Stop." }),
                app.PostJsonAsync($"/api/v1/moderation/conversations/{report}/decisions", tokens[1], new { action = "dismiss" }));
            var statuses = answers.Select(a => a.StatusCode).Order().ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            Assert.Equal(1, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync(d => d.Subject == ModerationSubject.Conversation && d.SubjectId == report)));
            Assert.Equal(round + 1, await app.WithDbAsync(db => db.MemberNotifications.CountAsync(n => n.MemberId == ana.Id)));
        }
    }
}
