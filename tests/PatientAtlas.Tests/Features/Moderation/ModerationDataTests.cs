using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

public sealed class ModerationDataTests
{
    [Theory]
    [InlineData("anonymize")]
    [InlineData("delete")]
    public async Task My_data_holds_my_flags_questions_decisions_and_notifications_and_deleting_the_account_leaves_none_naming_me(string choice)
    {
        await using var app = await AtlasApp.StartAsync();
        using var member = await app.ConsentedMemberAsync();
        using var author = await app.ConsentedMemberAsync();
        var theirs = await app.PostAsync(author, "Someone else's post.");
        using (var flag = await app.PostJsonAsync($"/api/v1/experiences/{theirs}/flags", await member.WriteTokenAsync(), new { reason = "other", note = "My own words about it." }))
        {
            Assert.Equal(HttpStatusCode.Created, flag.StatusCode);
        }
        var mine = await app.PostAsync(member, "My secret clinic is Dr. Who.", ExperienceStatus.Pending, HoldReasons.NewMember);
        await member.Visitor.SubmitAsync("/conditions/hemifacial-spasm/ask", "form#ask", new Dictionary<string, string> { ["Form.Title"] = "Approved question?" });
        await member.Visitor.SubmitAsync("/conditions/hemifacial-spasm/ask", "form#ask", new Dictionary<string, string> { ["Form.Title"] = "Pending question?" });
        var approved = await app.WithDbAsync(db => db.QuestionProposals.Where(p => p.Title == "Approved question?").Select(p => p.Id).SingleAsync());
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        await moderator.Visitor.DecideAsync("experience", mine, "redact", passage: "Dr. Who");
        await moderator.Visitor.DecideAsync("question", approved, "approve");

        var page = await member.Visitor.GetAsync("/account/data");
        using var response = await member.Visitor.Http.GetAsync(page.Document.QuerySelector("a#download")!.GetAttribute("href")!);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var part = json.RootElement.GetProperty("moderation");
        Assert.Equal("My own words about it.", part.GetProperty("flags")[0].GetProperty("note").GetString());
        Assert.Equal(2, part.GetProperty("questionProposals").GetArrayLength());
        Assert.Equal(["Redact", "Approve"], part.GetProperty("decisionsAboutMe").EnumerateArray().Select(d => d.GetProperty("action").GetString()));
        Assert.Equal("Dr. Who", part.GetProperty("decisionsAboutMe")[0].GetProperty("removedText").GetString());
        Assert.Equal(2, part.GetProperty("notifications").GetArrayLength());

        var deleted = await member.Visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Choice"] = choice, ["Password"] = Members.Password });
        Assert.Equal("/account/deleted", deleted.Url.AbsolutePath);

        var left = await app.WithDbAsync(async db => new
        {
            Flags = await db.ExperienceFlags.AsNoTracking().Where(f => f.ExperienceId == theirs).ToListAsync(),
            Proposals = await db.QuestionProposals.AsNoTracking().ToListAsync(),
            Decisions = await db.ModerationDecisions.AsNoTracking().ToListAsync(),
            Notices = await db.MemberNotifications.CountAsync(n => n.MemberId == member.Id),
        });
        // The flag stays (it still weighs) without its member; the note only when the member let their words stay.
        var flagLeft = Assert.Single(left.Flags);
        Assert.Equal(((int?)null, choice == "delete" ? null : "My own words about it."), (flagLeft.MemberId, flagLeft.Note));
        // The approved question is a page now and stays; the pending one goes.
        var proposal = Assert.Single(left.Proposals, p => !p.IsDemo);
        Assert.Equal(("Approved question?", (int?)null), (proposal.Title, proposal.MemberId));
        Assert.All(left.Decisions, d => Assert.Null(d.MemberId));
        Assert.Equal(choice == "delete" ? null : "Dr. Who", left.Decisions.Single(d => d.SubjectId == mine && d.Subject == PatientAtlas.Features.Moderation.ModerationSubject.Experience).RemovedText);
        Assert.Equal(0, left.Notices);
        Assert.DoesNotContain(left.Decisions, d => d.Moderator == member.Pseudonym);
    }

    [Fact]
    public async Task A_moderator_who_leaves_is_a_former_member_in_the_decisions_they_made()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Pending.", ExperienceStatus.Pending, HoldReasons.NewMember);
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        await moderator.Visitor.DecideAsync("experience", post, "approve");
        await moderator.Visitor.SubmitAsync("/account/data", "form#delete-account", new Dictionary<string, string> { ["Choice"] = "anonymize", ["Password"] = Members.Password });
        var decision = await app.WithDbAsync(db => db.ModerationDecisions.AsNoTracking().SingleAsync(d => d.SubjectId == post));
        Assert.Equal(((int?)null, MemberContent.FormerMember, (int?)author.Id), (decision.ModeratorId, decision.Moderator, decision.MemberId));
    }
}
