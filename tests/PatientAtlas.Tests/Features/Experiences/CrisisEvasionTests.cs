using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Messages;
using PatientAtlas.Features.Questions;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>
/// Crisis words hidden the ways people hide them, through every door a member writes through: a post and its "what I
/// tried" rows (held as urgent, never refused), a question (held for a moderator as every question is) and a private
/// message (sent as written); each time the writer sees crisis help at once.
/// </summary>
public sealed class CrisisEvasionTests
{
    private const string Share = "/conditions/hemifacial-spasm/diet/share";

    [Theory]
    [InlineData("Some nights I want to ki\u200bll myself because of this spasm.")] // a zero-width space inside a word
    [InlineData("Some nights I want to kіll mysеlf because of this spasm.")] // Cyrillic і and е
    [InlineData("Some nights I want to k i l l  m y s e l f because of this spasm.")] // spaced letters
    [InlineData("Algunas noches me quiero s.u.i.c.i.d.a.r por este espasmo.")] // dots between letters, clitic first
    public async Task A_post_with_hidden_crisis_words_is_held_as_urgent_and_its_writer_sees_crisis_help(string text)
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();

        var posted = await PostAsync(writer.Visitor, text);

        Assert.Equal("/help/crisis", posted.Url.AbsolutePath);
        Assert.NotNull(posted.Document.QuerySelector("#crisis-held"));
        Assert.NotEmpty(posted.Document.QuerySelectorAll("#helplines li"));
        var stored = await app.WithDbAsync(db => db.Experiences.AsNoTracking().SingleAsync(e => e.MemberId == writer.Id));
        Assert.Equal(text, stored.Text);
        Assert.True(stored.Urgent);
        Assert.Equal(ExperienceStatus.Pending, stored.Status);
        Assert.Contains(HoldReasons.Crisis, HoldReasons.Split(stored.HoldReasons));
    }

    [Fact]
    public async Task A_look_alike_written_with_the_same_tricks_publishes()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();

        var posted = await PostAsync(writer.Visitor, "The pain is k i l l i n g me and my feet are k1lling me, but the diet helps.");

        Assert.NotEqual("/help/crisis", posted.Url.AbsolutePath);
        var stored = await app.WithDbAsync(db => db.Experiences.AsNoTracking().SingleAsync(e => e.MemberId == writer.Id));
        Assert.False(stored.Urgent);
        Assert.Equal(ExperienceStatus.Published, stored.Status);
    }

    [Fact]
    public async Task Crisis_words_in_a_what_i_tried_row_hold_the_post_and_the_api_links_crisis_help()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();

        using var response = await app.PostAsync(writer.Token, Sharing.Body("Less coffee helped a little.", "affected",
            new { intervention = "Cutting down coffee", outcome = "no-change", sideEffects = "honestly I w4nt t0 d1e" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.EndsWith("/help/crisis", json.GetProperty("crisisResources").GetString(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Experiences.AnyAsync(e => e.MemberId == writer.Id && e.Urgent)));
    }

    [Fact]
    public async Task A_question_with_crisis_words_waits_for_a_moderator_and_its_writer_sees_crisis_help()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();

        var sent = await writer.Visitor.SubmitAsync("/conditions/hemifacial-spasm/ask", "form#ask", new Dictionary<string, string>
        {
            ["Form.Title"] = "Does anyone else feel this way?",
            ["Form.Details"] = "Me voy a m4tar si esto sigue así.",
        });

        Assert.Equal("/help/crisis", sent.Url.AbsolutePath);
        Assert.NotNull(sent.Document.QuerySelector("#crisis-held"));
        var proposal = await app.WithDbAsync(db => db.QuestionProposals.AsNoTracking().SingleAsync(p => p.MemberId == writer.Id));
        Assert.Equal(ProposalStatus.Pending, proposal.Status);
    }

    [Fact]
    public async Task A_private_message_with_crisis_words_is_sent_and_its_writer_sees_crisis_help()
    {
        await using var app = await AtlasApp.StartAsync();
        var (ana, anaEmail, _) = await app.MemberAsync();
        var anaId = await app.MemberIdAsync(anaEmail);
        var (ben, _, benName) = await app.MemberAsync();
        await ana.ConsentAsync();
        await ben.ConsentAsync();

        var asked = await ana.SubmitAsync("/messages/new?to=" + Uri.EscapeDataString(benName), "form#contact-request",
            new Dictionary<string, string> { ["Message"] = "Hi, I feel ѕuісіdal tonight, can we talk?" });
        Assert.Equal("/help/crisis", asked.Url.AbsolutePath);
        Assert.NotNull(asked.Document.QuerySelector("#crisis-held"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<ContactRequest>().CountAsync(r => r.FromId == anaId)));

        var inbox = await ben.GetAsync("/messages");
        var accepted = await ben.SubmitAsync(inbox.Document, inbox.Url, "form[id^='accept-']");
        var replied = await ben.SubmitAsync(accepted.Document, accepted.Url, "form#reply", new Dictionary<string, string> { ["Text"] = "Of course. How are you now?" });
        Assert.NotEqual("/help/crisis", replied.Url.AbsolutePath);
        var conversation = accepted.Url.AbsolutePath;
        var page = await ana.GetAsync(conversation);
        var answered = await ana.SubmitAsync(page.Document, page.Url, "form#reply", new Dictionary<string, string> { ["Text"] = "I keep thinking I should e.n.d m.y l.i.f.e" });
        Assert.Equal("/help/crisis", answered.Url.AbsolutePath);
        Assert.Contains("e.n.d m.y l.i.f.e", (await ben.GetAsync(conversation)).Document.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_sent_through_the_api_with_crisis_words_links_crisis_help()
    {
        await using var app = await AtlasApp.StartAsync();
        using var ana = await app.WriterAsync();
        var (_, _, benName) = await app.MemberAsync();

        using var response = await ApiCalls.SendAsync(app, HttpMethod.Post, "/api/v1/contact-requests", ana.Token,
            JsonContent.Create(new { to = benName, message = "me quiero morir" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("</help/crisis>; rel=\"help\"", response.Headers.GetValues("Link"));
    }

    private static async Task<PageResult> PostAsync(Visitor visitor, string text)
    {
        var preview = await visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = "affected", ["Form.Text"] = text, ["Form.Step"] = "preview",
        });
        Assert.NotNull(preview.Document.QuerySelector("form#share-confirm"));
        return await visitor.SubmitAsync(preview.Document, preview.Url, "form#share-confirm", new Dictionary<string, string> { ["Form.Step"] = "post" });
    }
}
