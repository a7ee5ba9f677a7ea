using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Questions;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

public sealed class AskTests
{
    private const string Ask = "/conditions/hemifacial-spasm/ask";

    [Fact]
    public async Task A_member_asks_a_question_a_moderator_approves_it_and_it_gets_its_own_page()
    {
        await using var app = await AtlasApp.StartAsync();
        // Linked from the condition page and every question page.
        Assert.NotNull((await app.GetDocumentAsync("/conditions/hemifacial-spasm")).QuerySelector($"a[href='{Ask}']"));
        Assert.NotNull((await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet")).QuerySelector($"a[href='{Ask}']"));

        using var member = await app.ConsentedMemberAsync();
        var empty = await member.Visitor.SubmitAsync(Ask, "form#ask", new Dictionary<string, string> { ["Form.Title"] = "   " });
        Assert.Equal("true", empty.Document.QuerySelector("#Form_Title")!.GetAttribute("aria-invalid"));
        var overlong = await member.Visitor.SubmitAsync(Ask, "form#ask", new Dictionary<string, string> { ["Form.Title"] = new string('q', 201) });
        Assert.NotNull(overlong.Document.QuerySelector("#Form_Title-error"));
        var bot = await member.Visitor.SubmitAsync(Ask, "form#ask", new Dictionary<string, string> { ["Form.Title"] = "Cheap pills?", ["Form.Website"] = "http://spam.example" });
        Assert.NotNull(bot.Document.QuerySelector("#ask-sent"));
        Assert.Equal(HttpStatusCode.BadRequest, await member.Visitor.PostForgedAsync(Ask, new Dictionary<string, string> { ["Form.Title"] = "Forged?" }, withToken: true));
        Assert.False(await app.WithDbAsync(db => db.QuestionProposals.AnyAsync(p => p.MemberId == member.Id)));

        var sent = await member.Visitor.SubmitAsync(Ask, "form#ask", new Dictionary<string, string>
        {
            ["Form.Title"] = "Does caffeine make the twitching worse?",
            ["Form.Details"] = "I drink a lot of coffee at work.",
        });
        Assert.Equal(Ask + "?sent=1", sent.Url.PathAndQuery);
        Assert.Equal("waiting for a moderator", sent.Document.QuerySelector(".my-proposals .proposal .status")!.TextContent);
        var proposal = await app.WithDbAsync(db => db.QuestionProposals.AsNoTracking().SingleAsync(p => p.MemberId == member.Id));
        Assert.Equal((ProposalStatus.Pending, "en"), (proposal.Status, proposal.Language));

        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        var item = queue.Document.QuerySelector($"#item-question-{proposal.Id}")!;
        Assert.Contains("Does caffeine make the twitching worse?", item.TextContent, StringComparison.Ordinal);
        Assert.Contains("I drink a lot of coffee at work.", item.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, item.QuerySelectorAll("button[name='Form.Action']").Length);

        await moderator.Visitor.DecideAsync("question", proposal.Id, "approve");
        const string Path = "/conditions/hemifacial-spasm/does-caffeine-make-the-twitching-worse";
        var page = await app.GetDocumentAsync(Path);
        Assert.Equal("Does caffeine make the twitching worse?", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull((await app.GetDocumentAsync("/conditions/hemifacial-spasm")).QuerySelector($"a[href='{Path}']"));
        var question = await app.WithDbAsync(db => db.Questions.AsNoTracking().SingleAsync(q => q.Slug == "does-caffeine-make-the-twitching-worse"));
        Assert.Equal(((string?)null, "Does caffeine make the twitching worse?"), (question.TemplateKey, question.CustomText));
        Assert.Equal(question.Id, (await app.WithDbAsync(db => db.QuestionProposals.AsNoTracking().SingleAsync(p => p.Id == proposal.Id))).QuestionId);

        var mine = await member.Visitor.GetAsync(Ask);
        Assert.Equal("published", mine.Document.QuerySelector(".my-proposals .proposal .status")!.TextContent);
        Assert.NotNull(mine.Document.QuerySelector($".my-proposals a[href='{Path}']"));
        Assert.Contains("A moderator published the question you asked.", (await member.Visitor.GetAsync("/account")).Document.QuerySelector("#notices")!.TextContent, StringComparison.Ordinal);
        Assert.Single(app.Mail.To(member.Email));
    }

    [Fact]
    public async Task A_rejected_question_tells_the_member_why_and_two_questions_with_one_title_get_two_slugs()
    {
        await using var app = await AtlasApp.StartAsync();
        using var member = await app.ConsentedMemberAsync();
        using var other = await app.ConsentedMemberAsync();
        foreach (var asker in new[] { member, other, member })
        {
            await asker.Visitor.SubmitAsync(Ask, "form#ask", new Dictionary<string, string> { ["Form.Title"] = "Diet" });
        }
        var ids = await app.WithDbAsync(db => db.QuestionProposals.Where(p => p.Title == "Diet").OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var token = await moderator.WriteTokenAsync();

        var noReason = await moderator.Visitor.DecideAsync("question", ids[2], "reject");
        Assert.NotNull(noReason.Document.QuerySelector("#Form_Reason-error"));
        await moderator.Visitor.DecideAsync("question", ids[2], "reject", reason: "You asked this twice.");
        var mine = await member.Visitor.GetAsync(Ask);
        Assert.Contains("You asked this twice.", mine.Document.QuerySelector(".my-proposals")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("not published", mine.Document.QuerySelector(".my-proposals")!.TextContent, StringComparison.Ordinal);

        // "diet" is a standard question: the member's own questions take the next free slugs.
        foreach (var id in ids.Take(2))
        {
            using var approved = await app.PostJsonAsync($"/api/v1/moderation/questions/{id}/decisions", token, new { action = "approve" });
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }
        var slugs = await app.WithDbAsync(db => db.QuestionProposals.Where(p => ids.Contains(p.Id) && p.QuestionId != null)
            .Join(db.Questions, p => p.QuestionId, q => q.Id, (p, q) => q.Slug).OrderBy(s => s).ToListAsync());
        Assert.Equal(["diet-2", "diet-3"], slugs);
        Assert.Equal(HttpStatusCode.OK, (await member.Visitor.GetAsync("/conditions/hemifacial-spasm/diet-2")).Status);

        // A question cannot be redacted, and a decided one is decided.
        using (var redact = await app.PostJsonAsync($"/api/v1/moderation/questions/{ids[0]}/decisions", token, new { action = "redact", passage = "Diet" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, redact.StatusCode);
        }
        using (var twice = await app.PostJsonAsync($"/api/v1/moderation/questions/{ids[0]}/decisions", token, new { action = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal("Already decided", JsonDocument.Parse(await twice.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await member.Visitor.GetAsync("/conditions/no-such-condition/ask")).Status);
    }
}
