using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

public sealed class FlagTests
{
    private const string Question = "/conditions/hemifacial-spasm/sleep";

    [Fact]
    public async Task A_member_flags_a_post_once_without_script_and_a_second_flag_or_one_on_their_own_post_is_refused()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        using var reader = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Sleep came back after the injections.");

        // The question page links every post to its flag form.
        var page = await app.GetDocumentAsync(Question);
        Assert.NotNull(page.QuerySelector($"a[href='{Question}/experiences/{post}/flag']"));

        var flagPath = $"{Question}/experiences/{post}/flag";
        var noNote = await reader.Visitor.SubmitAsync(flagPath, "form#flag", new Dictionary<string, string> { ["Form.Reason"] = "other" });
        Assert.Equal("true", noNote.Document.QuerySelector("#Form_Note")!.GetAttribute("aria-invalid"));
        Assert.NotNull(noNote.Document.QuerySelector("#Form_Note-error"));
        var longNote = await reader.Visitor.SubmitAsync(flagPath, "form#flag", new Dictionary<string, string> { ["Form.Reason"] = "spam", ["Form.Note"] = new string('x', 501) });
        Assert.NotNull(longNote.Document.QuerySelector("#Form_Note-error"));
        var noReason = await reader.Visitor.SubmitAsync(flagPath, "form#flag", new Dictionary<string, string> { ["Form.Reason"] = "nonsense" });
        Assert.NotNull(noReason.Document.QuerySelector("#Form_Reason-error"));
        Assert.Equal(0, await app.WithDbAsync(db => db.ExperienceFlags.CountAsync(f => f.ExperienceId == post)));

        var sent = await reader.Visitor.SubmitAsync(flagPath, "form#flag", new Dictionary<string, string> { ["Form.Reason"] = "other", ["Form.Note"] = "Sounds like an advert." });
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal(flagPath + "?sent=1", sent.Url.PathAndQuery);
        Assert.NotNull(sent.Document.QuerySelector("#flag-sent"));
        var flag = await app.WithDbAsync(db => db.ExperienceFlags.AsNoTracking().SingleAsync(f => f.ExperienceId == post));
        // A new member's flag weighs nothing toward hiding (it still reaches the moderators).
        Assert.Equal((reader.Id, FlagReason.Other, "Sounds like an advert.", 0, (DateTime?)null), (flag.MemberId, flag.Reason, flag.Note, flag.Weight, flag.ResolvedAt));
        var flagged = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Published, 0), (flagged.Status, flagged.FlagWeight));

        // Once is enough: the form is gone, the API answers 409.
        var again = await reader.Visitor.GetAsync(flagPath);
        Assert.NotNull(again.Document.QuerySelector("#flag-refused"));
        Assert.Null(again.Document.QuerySelector("form#flag"));
        var readerToken = await reader.WriteTokenAsync();
        using (var second = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", readerToken, new { reason = "spam" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        }

        // Never on one's own post.
        var own = await author.Visitor.GetAsync(flagPath);
        Assert.NotNull(own.Document.QuerySelector("#flag-refused"));
        using (var ownApi = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await author.WriteTokenAsync(), new { reason = "spam" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, ownApi.StatusCode);
        }

        // A forged form and unknown posts change nothing.
        using var third = await app.ConsentedMemberAsync();
        Assert.Equal(HttpStatusCode.BadRequest, await third.Visitor.PostForgedAsync(flagPath, new Dictionary<string, string> { ["Form.Reason"] = "spam" }, withToken: true));
        Assert.Equal(HttpStatusCode.NotFound, (await third.Visitor.GetAsync($"{Question}/experiences/999999/flag")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await third.Visitor.GetAsync($"/conditions/hemifacial-spasm/diet/experiences/{post}/flag")).Status);
        using (var unknown = await app.PostJsonAsync("/api/v1/experiences/999999/flags", await third.WriteTokenAsync(), new { reason = "spam" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.ExperienceFlags.CountAsync(f => f.ExperienceId == post)));
    }

    [Fact]
    public async Task Weighted_flags_hide_the_post_at_once_and_the_page_and_counts_follow()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Melatonin helped me fall asleep.");
        var before = await app.SleepCountAsync();
        Assert.Contains("Melatonin helped me", (await app.GetDocumentAsync(Question)).Body!.TextContent, StringComparison.Ordinal);

        var weights = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var reader = await app.MemberWithStandingAsync(TrustLevel.Member);
            using var answer = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await reader.WriteTokenAsync(), new { reason = "medical-misinformation" });
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            weights.Add(System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!);
        }
        // Members' flags weigh 1 each; the default threshold is 4.
        Assert.Equal(["published", "published", "published", "hidden"], weights);
        var hidden = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Hidden, HoldReasons.Flagged, 4), (hidden.Status, hidden.HoldReasons, hidden.FlagWeight));
        Assert.Equal(before - 1, await app.SleepCountAsync());
        Assert.DoesNotContain("Melatonin helped me", (await app.GetDocumentAsync(Question)).Body!.TextContent, StringComparison.Ordinal);

        // A hidden post cannot be flagged any more.
        using var late = await app.ConsentedMemberAsync();
        using var refused = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await late.WriteTokenAsync(), new { reason = "spam" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task A_trusted_members_flag_weighs_more_and_a_self_harm_flag_makes_the_post_urgent()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Community:TrustedAfterPublished"] = "0",
            ["Community:TrustedAfterDays"] = "0",
            ["Community:PublishAfterApproved"] = "0",
            ["Community:PublishAfterDays"] = "0",
            ["Community:HideAtFlagWeight"] = "4",
        });
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Some nights I do not want to wake up.");
        using var reader = await app.ConsentedMemberAsync();
        using var answer = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", await reader.WriteTokenAsync(), new { reason = "self-harm-risk", note = "Please look at this soon." });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var flagged = await app.ExperienceAsync(post);
        Assert.Equal((ExperienceStatus.Published, 2, true), (flagged.Status, flagged.FlagWeight, flagged.Urgent));

        // Bad input on the API: problem+json, nothing stored.
        using var other = await app.ConsentedMemberAsync();
        var token = await other.WriteTokenAsync();
        using (var bad = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", token, new { reason = "other" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        }
        using (var bad = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", token, new { reason = "boring" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using (var bad = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{post}/flags", token, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        var readToken = await TokenTests.MakeTokenAsync(other.Visitor, scope: "Read");
        using (var readOnly = await app.PostJsonAsync($"/api/v1/experiences/{post}/flags", readToken, new { reason = "spam" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.ExperienceFlags.CountAsync(f => f.ExperienceId == post)));
    }
}
