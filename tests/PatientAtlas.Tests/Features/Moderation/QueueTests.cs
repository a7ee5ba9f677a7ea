using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Moderation;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

public sealed class QueueTests
{
    [Fact]
    public async Task The_queue_shows_urgent_items_first_then_the_oldest_with_what_a_moderator_needs()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var older = await app.PostAsync(author, "Write to me at someone@example.org", ExperienceStatus.Pending, $"{HoldReasons.NewMember},{HoldReasons.Email}", createdAt: old);
        var newer = await app.PostAsync(author, "A later post.", ExperienceStatus.Pending, HoldReasons.NewMember, createdAt: old.AddDays(1));
        var urgent = await app.PostAsync(author, "I cannot go on.", ExperienceStatus.Pending, HoldReasons.Crisis, urgent: true, createdAt: old.AddDays(2));
        await app.PostAsync(author, "Published, nothing to decide.");

        using var member = await app.ConsentedMemberAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Visitor.GetAsync("/moderation")).Status);

        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        var order = queue.Document.QuerySelectorAll("li.queue-item").Select(li => li.Id).ToList();
        Assert.Equal([$"item-experience-{urgent}", $"item-experience-{older}", $"item-experience-{newer}"], order.Take(3));
        Assert.Contains("urgent", queue.Document.QuerySelector($"#item-experience-{urgent}")!.ClassList);

        var item = queue.Document.QuerySelector($"#item-experience-{older}")!;
        var text = item.TextContent;
        Assert.Contains(author.Pseudonym, text, StringComparison.Ordinal);
        Assert.Equal("new member", item.QuerySelector(".trust")!.TextContent);
        Assert.Equal("the author is a new member; it contains an email address", item.QuerySelector(".hold-reasons")!.TextContent);
        Assert.Equal("1 published, 3 pending, 0 rejected, 0 hidden; 0 flags made", item.QuerySelector(".history")!.TextContent);
        Assert.Contains("Write to me at someone@example.org", item.QuerySelector(".moderated-text")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(item.QuerySelector("a[href='/conditions/hemifacial-spasm/sleep']"));
        Assert.Equal(5, item.QuerySelectorAll("form button[name='Form.Action']").Length);

        // An earlier decision about the member shows with their next item.
        var decided = await moderator.Visitor.DecideAsync("experience", newer, "reject", reason: "Off topic.");
        Assert.Equal("/moderation?outcome=decided", decided.Url.PathAndQuery);
        var history = decided.Document.QuerySelector($"#item-experience-{older} .earlier-decisions")!.TextContent;
        Assert.Contains("Reject", history, StringComparison.Ordinal);
        Assert.Contains("Off topic.", history, StringComparison.Ordinal);
        Assert.Null(decided.Document.QuerySelector($"#item-experience-{newer}"));
    }

    [Fact]
    public async Task Approving_a_pending_post_publishes_it_records_the_decision_and_tells_the_member()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Chamomile tea before bed.", ExperienceStatus.Pending, HoldReasons.NewMember);
        var before = await app.SleepCountAsync();
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);

        var done = await moderator.Visitor.DecideAsync("experience", post, "approve");
        Assert.NotNull(done.Document.QuerySelector("#decided"));
        var approved = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Published, (string?)null), (approved.Status, approved.HoldReasons));
        Assert.Equal(before + 1, await app.SleepCountAsync());
        Assert.Contains("Chamomile tea before bed.", (await app.GetDocumentAsync("/conditions/hemifacial-spasm/sleep")).Body!.TextContent, StringComparison.Ordinal);

        var decision = await app.WithDbAsync(db => db.ModerationDecisions.AsNoTracking().SingleAsync(d => d.SubjectId == post && d.Subject == ModerationSubject.Experience));
        Assert.Equal((moderator.Id, moderator.Pseudonym, author.Id, ModerationAction.Approve), (decision.ModeratorId, decision.Moderator, decision.MemberId, decision.Action));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "moderation.experience.approve"));
        Assert.Equal((moderator.Id, author.Id, author.Pseudonym), (audit.ActorId, audit.SubjectId, audit.Subject));
        Assert.DoesNotContain("Chamomile", audit.Detail ?? "", StringComparison.Ordinal);

        // The member's account page shows it, unread, until they mark it read.
        var hub = await author.Visitor.GetAsync("/account");
        var notice = hub.Document.QuerySelector("#notices .notice-item.unread")!;
        Assert.Contains("A moderator published your experience.", notice.TextContent, StringComparison.Ordinal);
        Assert.NotNull(notice.QuerySelector("a[href='/conditions/hemifacial-spasm/sleep']"));
        var read = await author.Visitor.SubmitAsync(hub.Document, hub.Url, "form#mark-read");
        Assert.Equal("/account", read.Url.AbsolutePath);
        Assert.Null(read.Document.QuerySelector("#notices .notice-item.unread"));
        Assert.NotNull(read.Document.QuerySelector("#notices .notice-item"));
        // Nobody else sees it.
        Assert.Null((await moderator.Visitor.GetAsync("/account")).Document.QuerySelector("#notices .notice-item"));

        // And an email, which never quotes the post.
        var mail = Assert.Single(app.Mail.To(author.Email));
        Assert.Contains("A moderator published your experience.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Chamomile", mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_a_second_moderator_finds_the_item_already_decided()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Buy my pills at a discount.", ExperienceStatus.Pending, HoldReasons.NewMember);
        using var first = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        using var second = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var secondsView = await second.Visitor.GetAsync("/moderation");

        var noReason = await first.Visitor.DecideAsync("experience", post, "reject");
        Assert.Equal(HttpStatusCode.OK, noReason.Status);
        Assert.Equal("true", noReason.Document.QuerySelector($"form#decide-experience-{post} #Form_Reason")!.GetAttribute("aria-invalid"));
        Assert.NotNull(noReason.Document.QuerySelector("#Form_Reason-error"));
        var unknownAction = await first.Visitor.DecideAsync("experience", post, "promote");
        Assert.NotNull(unknownAction.Document.QuerySelector("#Form_Action-error"));
        Assert.Equal(ExperienceStatus.Pending, (await app.ExperienceAsync(post)).Status);

        await first.Visitor.DecideAsync("experience", post, "reject", reason: "Advertising.");
        Assert.Equal(ExperienceStatus.Rejected, (await app.ExperienceAsync(post)).Status);

        // The second moderator still has the old page open and approves from it: nothing changes.
        var late = await second.Visitor.SubmitAsync(secondsView.Document, secondsView.Url, $"form#decide-experience-{post}", new Dictionary<string, string> { ["Form.Action"] = "approve" });
        Assert.Equal("/moderation?outcome=already", late.Url.PathAndQuery);
        Assert.NotNull(late.Document.QuerySelector("#already-decided"));
        Assert.Equal(ExperienceStatus.Rejected, (await app.ExperienceAsync(post)).Status);
        Assert.Equal(1, await app.WithDbAsync(db => db.ModerationDecisions.CountAsync(d => d.SubjectId == post)));
        Assert.Single(app.Mail.To(author.Email));

        // The member reads the reason on their account page.
        Assert.Contains("Advertising.", (await author.Visitor.GetAsync("/account")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);

        // A forged form, an unknown item, a member without the role: nothing changes.
        var another = await app.PostAsync(author, "Another one.", ExperienceStatus.Pending, HoldReasons.NewMember);
        var fields = new Dictionary<string, string> { ["Form.Action"] = "approve" };
        Assert.Equal(HttpStatusCode.BadRequest, await first.Visitor.PostForgedAsync($"/moderation?handler=experience&id={another}", fields, withToken: true));
        Assert.Equal(HttpStatusCode.NotFound, await NotFoundAsync(first.Visitor));
        Assert.Equal(HttpStatusCode.Forbidden, await WithoutRoleAsync(author.Visitor, another));
        Assert.Equal(ExperienceStatus.Pending, (await app.ExperienceAsync(another)).Status);
    }

    /// <summary>A member without the role posts a decision with a valid form token of their own (from their account page).</summary>
    private static async Task<HttpStatusCode> WithoutRoleAsync(Visitor member, long id)
    {
        var hub = await member.GetAsync("/account");
        var token = hub.Document.QuerySelector($"form#logout input[name={Visitor.AntiforgeryField}]")!.GetAttribute("value")!;
        using var response = await member.Http.PostAsync($"/moderation?handler=experience&id={id}",
            new FormUrlEncodedContent([new(Visitor.AntiforgeryField, token), new("Form.Action", "approve")]));
        return response.StatusCode;
    }

    /// <summary>A decision posted with a real form token for an item that does not exist.</summary>
    private static async Task<HttpStatusCode> NotFoundAsync(Visitor moderator)
    {
        var page = await moderator.GetAsync("/moderation");
        var form = page.Document.QuerySelector("form.decision") as AngleSharp.Html.Dom.IHtmlFormElement;
        var values = Visitor.Values(form!);
        values.Add(new("Form.Action", "approve"));
        using var response = await moderator.Http.PostAsync("/moderation?handler=experience&id=999999", new FormUrlEncodedContent(values));
        return response.StatusCode;
    }

    [Fact]
    public async Task Redacting_replaces_the_passage_publishes_the_rest_and_keeps_the_passage_for_moderators_only()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Dr. Alvarez at Riverside clinic told me to sleep on my back. It helped.", ExperienceStatus.Pending, HoldReasons.NewMember);
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);

        var missing = await moderator.Visitor.DecideAsync("experience", post, "redact", passage: "not in the post");
        Assert.NotNull(missing.Document.QuerySelector("#Form_Passage-error"));
        var empty = await moderator.Visitor.DecideAsync("experience", post, "redact");
        Assert.NotNull(empty.Document.QuerySelector("#Form_Passage-error"));
        Assert.Equal(ExperienceStatus.Pending, (await app.ExperienceAsync(post)).Status);

        await moderator.Visitor.DecideAsync("experience", post, "redact", passage: "Dr. Alvarez at Riverside clinic");
        var redacted = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Published, "[removed by a moderator] told me to sleep on my back. It helped."), (redacted.Status, redacted.Text));
        var page = (await app.GetDocumentAsync("/conditions/hemifacial-spasm/sleep")).Body!.TextContent;
        Assert.Contains("[removed by a moderator] told me to sleep on my back.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Alvarez", page, StringComparison.Ordinal);
        var decision = await app.WithDbAsync(db => db.ModerationDecisions.AsNoTracking().SingleAsync(d => d.SubjectId == post));
        Assert.Equal((ModerationAction.Redact, "Dr. Alvarez at Riverside clinic"), (decision.Action, decision.RemovedText));
        Assert.DoesNotContain("Alvarez", (await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "moderation.experience.redact"))).Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hiding_a_flagged_post_resolves_its_flags_and_takes_it_out_of_the_queue()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Stop all your medicines, trust me.");
        using var reader = await app.ConsentedMemberAsync();
        using (var flagged = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await reader.WriteTokenAsync(), new { reason = "medical-misinformation", note = "Dangerous." }))
        {
            Assert.Equal(HttpStatusCode.Created, flagged.StatusCode);
        }
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        var item = queue.Document.QuerySelector($"#item-experience-{post}")!;
        Assert.Contains("Medical misinformation", item.QuerySelector(".flags")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Dangerous.", item.QuerySelector(".flag-note")!.TextContent);
        Assert.Equal("1 published, 0 pending, 0 rejected, 0 hidden; 0 flags made", item.QuerySelector(".history")!.TextContent);
        var before = await app.SleepCountAsync();

        await moderator.Visitor.DecideAsync("experience", post, "hide", reason: "Dangerous advice.");
        var hidden = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Hidden, 0), (hidden.Status, hidden.FlagWeight));
        Assert.Equal(before - 1, await app.SleepCountAsync());
        Assert.NotNull(await app.WithDbAsync(db => db.ExperienceFlags.Where(f => f.ExperienceId == post).Select(f => f.ResolvedAt).SingleAsync()));
        Assert.Null((await moderator.Visitor.GetAsync("/moderation")).Document.QuerySelector($"#item-experience-{post}"));
    }

    [Fact]
    public async Task A_suspended_member_keeps_reading_but_every_write_is_refused_until_the_end()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var token = await author.WriteTokenAsync();
        var post = await app.PostAsync(author, "Insults for everyone.", ExperienceStatus.Pending, HoldReasons.NewMember);
        using var other = await app.ConsentedMemberAsync();
        var target = await app.PostAsync(other, "Someone else's post.");
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);

        var badDays = await moderator.Visitor.DecideAsync("experience", post, "suspend", reason: "Abuse.", days: "0");
        Assert.NotNull(badDays.Document.QuerySelector("#Form_Days-error"));
        var noReason = await moderator.Visitor.DecideAsync("experience", post, "suspend", days: "7");
        Assert.NotNull(noReason.Document.QuerySelector("#Form_Reason-error"));

        await moderator.Visitor.DecideAsync("experience", post, "suspend", reason: "Abuse.", days: "7");
        var member = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(m => m.Id == author.Id));
        Assert.True(member.WasSuspended);
        Assert.InRange(member.SuspendedUntil!.Value, DateTime.UtcNow.AddDays(6.9), DateTime.UtcNow.AddDays(7.1));
        Assert.Equal(ExperienceStatus.Hidden, (await app.ExperienceAsync(post)).Status);

        // Still signed in and reading; writing goes to the page that says until when.
        Assert.Equal(HttpStatusCode.OK, (await author.Visitor.GetAsync("/conditions/hemifacial-spasm/sleep")).Status);
        var asked = await author.Visitor.SubmitAsync("/conditions/hemifacial-spasm/ask", "form#ask", new Dictionary<string, string> { ["Form.Title"] = "Does anyone sleep sitting up?" });
        Assert.Equal("/account/suspended", asked.Url.AbsolutePath);
        Assert.NotNull(asked.Document.QuerySelector("#suspended-until"));
        Assert.False(await app.WithDbAsync(db => db.QuestionProposals.AnyAsync(p => p.MemberId == author.Id)));
        using (var flag = await app.PostJsonAsync($"/api/v1/experiences/{target}/flags", token, new { reason = "spam" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, flag.StatusCode);
            Assert.Contains("suspended", await flag.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.True(await app.WithDbAsync(db => Suspensions.IsSuspendedAsync(db, author.Id, TimeProvider.System, CancellationToken.None)));
        Assert.Contains("suspended your account", (await author.Visitor.GetAsync("/account")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
    }
}
