using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

public sealed class EditVoteTests
{
    [Fact]
    public async Task An_edit_keeps_the_earlier_text_for_moderators_and_someone_elses_post_cannot_be_edited_or_deleted()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        using var other = await app.WriterAsync();
        using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: "First words."));
        var id = (await posted.JsonAsync()).GetProperty("id").GetInt64();

        using (var edited = await ApiCalls.SendAsync(app, HttpMethod.Put, $"/api/v1/experiences/{id}", writer.Token,
            JsonContent.Create(Sharing.Body(text: "Second words, after a month.", tried: new { intervention = "Magnesium supplement", outcome = "worse" }))))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            Assert.Equal("published", (await edited.JsonAsync()).GetProperty("status").GetString());
        }
        var edit = await app.WithDbAsync(db => db.ExperienceEdits.SingleAsync(e => e.ExperienceId == id));
        Assert.Equal("First words.", edit.PreviousText);
        Assert.Equal("Cutting down coffee", Assert.Single(edit.Tried()).Intervention);
        await Recount.AssertTrueAsync(app);

        // Through the page too: the form comes filled, the post is saved.
        var form = await writer.Visitor.GetAsync($"/conditions/hemifacial-spasm/diet/share?edit={id}");
        Assert.Equal("Second words, after a month.", form.Document.QuerySelector("#Form_Text")?.TextContent);
        var preview = await writer.Visitor.SubmitAsync(form.Document, form.Url, "form#share", new Dictionary<string, string> { ["Form.Text"] = "Third words.", ["Form.Step"] = "preview" });
        await writer.Visitor.SubmitAsync(preview.Document, preview.Url, "form#share-confirm", new Dictionary<string, string> { ["Form.Step"] = "post" });
        Assert.Equal("Third words.", await app.WithDbAsync(db => db.Experiences.Where(e => e.Id == id).Select(e => e.Text).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.ExperienceEdits.CountAsync(e => e.ExperienceId == id)));

        using (var theirs = await ApiCalls.SendAsync(app, HttpMethod.Put, $"/api/v1/experiences/{id}", other.Token, JsonContent.Create(Sharing.Body(text: "Hijacked."))))
        {
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        }
        using (var theirs = await ApiCalls.SendAsync(app, HttpMethod.Delete, $"/api/v1/experiences/{id}", other.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await other.Visitor.GetAsync($"/conditions/hemifacial-spasm/diet/share?edit={id}")).Status);
        Assert.Equal("Third words.", await app.WithDbAsync(db => db.Experiences.Where(e => e.Id == id).Select(e => e.Text).SingleAsync()));
    }

    [Fact]
    public async Task A_new_members_edit_or_one_a_safety_net_holds_waits_again()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: "Published at once."));
        var id = (await posted.JsonAsync()).GetProperty("id").GetInt64();
        using var held = await ApiCalls.SendAsync(app, HttpMethod.Put, $"/api/v1/experiences/{id}", writer.Token, JsonContent.Create(Sharing.Body(text: "Text me on 612 34 56 78.")));
        var json = await held.JsonAsync();
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.Equal(["phone"], json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()));
        await Recount.AssertTrueAsync(app);

        // The moderator deciding on the held edit sees what it said before.
        using var moderator = await Moderation.ModerationSteps.ConsentedMemberAsync(app, Roles.Moderator);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        var item = queue.Document.QuerySelector($"#item-experience-{id}");
        Assert.NotNull(item);
        Assert.Equal("Text me on 612 34 56 78.", item.QuerySelector(".moderated-text")?.TextContent);
        Assert.Equal("Published at once.", item.QuerySelector(".earlier-version .previous-text")?.TextContent);

        await using var strict = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Community:PublishAfterApproved"] = "5" });
        using var newcomer = await strict.WriterAsync();
        var published = await strict.ExperienceByAsync(newcomer.Id, newcomer.Pseudonym, "Published by a moderator.");
        using var edited = await ApiCalls.SendAsync(strict, HttpMethod.Put, $"/api/v1/experiences/{published}", newcomer.Token, JsonContent.Create(Sharing.Body(text: "Changed after approval.")));
        Assert.Equal("pending", (await edited.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(ExperienceStatus.Pending, await strict.WithDbAsync(db => db.Experiences.Where(e => e.Id == published).Select(e => e.Status).SingleAsync()));
    }

    [Fact]
    public async Task Deleting_ones_own_post_removes_it_and_its_counts_through_the_page_and_the_api()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        using var voter = await app.WriterAsync();
        using var first = await app.PostAsync(writer.Token, Sharing.Body(text: "To delete on the page: pangolin."));
        var firstId = (await first.JsonAsync()).GetProperty("id").GetInt64();
        using var second = await app.PostAsync(writer.Token, Sharing.Body(text: "To delete through the API."));
        var secondId = (await second.JsonAsync()).GetProperty("id").GetInt64();
        using (var vote = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{firstId}/helpful", voter.Token))
        {
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }
        Assert.Equal(1, await app.ExperiencesFoundAsync("pangolin"));

        var list = await writer.Visitor.GetAsync("/account/experiences");
        var deleted = await writer.Visitor.SubmitAsync(list.Document, list.Url, $"li[data-experience='{firstId}'] form.delete-experience");
        Assert.Equal("/account/experiences", deleted.Url.AbsolutePath);
        using (var gone = await ApiCalls.SendAsync(app, HttpMethod.Delete, $"/api/v1/experiences/{secondId}", writer.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        }
        Assert.Equal(0, await app.MyExperienceCountAsync(writer.Id));
        Assert.Equal(0, await app.WithDbAsync(db => db.HelpfulVotes.CountAsync()));
        Assert.Equal(0, await app.ExperiencesFoundAsync("pangolin"));
        Assert.DoesNotContain("pangolin", (await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet")).Body!.TextContent, StringComparison.Ordinal);
        await Recount.AssertTrueAsync(app);
    }

    [Fact]
    public async Task Helpful_votes_are_one_per_member_never_on_ones_own_and_the_count_follows()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        using var reader = await app.WriterAsync();
        using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: "Worth a vote."));
        var id = (await posted.JsonAsync()).GetProperty("id").GetInt64();
        var anonymousPage = await app.NewVisitor().GetAsync("/conditions/hemifacial-spasm/diet");

        var page = await reader.Visitor.GetAsync("/conditions/hemifacial-spasm/diet");
        Assert.Equal(anonymousPage.Document.QuerySelector($"#experience-{id}")!.OuterHtml, page.Document.QuerySelector($"#experience-{id}")!.OuterHtml);
        var ask = await reader.Visitor.GetAsync(page.Document.QuerySelector($"#experience-{id} a.helpful-link")!.GetAttribute("href")!);
        Assert.Equal("not-voted", ask.Document.QuerySelector("#helpful-state")?.GetAttribute("data-state"));
        var voted = await reader.Visitor.SubmitAsync(ask.Document, ask.Url, "form#helpful");
        Assert.Equal("/conditions/hemifacial-spasm/diet", voted.Url.AbsolutePath);
        Assert.Contains("1", voted.Document.QuerySelector($"#experience-{id} .helpful")!.TextContent, StringComparison.Ordinal);

        using (var again = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{id}/helpful", reader.Token))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        using (var own = await ApiCalls.SendAsync(app, HttpMethod.Post, $"/api/v1/experiences/{id}/helpful", writer.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        }
        Assert.Equal("own", (await writer.Visitor.GetAsync($"/experiences/{id}/helpful")).Document.QuerySelector("#helpful-state")?.GetAttribute("data-state"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Experiences.Where(e => e.Id == id).Select(e => e.HelpfulCount).SingleAsync()));
        using var state = await reader.Visitor.Http.GetAsync("/account/experiences/state/hemifacial-spasm/diet");
        Assert.Equal([id], (await state.JsonAsync()).GetProperty("votes").EnumerateArray().Select(e => e.GetInt64()));
        await Recount.AssertTrueAsync(app);

        using (var undo = await ApiCalls.SendAsync(app, HttpMethod.Delete, $"/api/v1/experiences/{id}/helpful", reader.Token))
        {
            Assert.Equal(0, (await undo.JsonAsync()).GetProperty("helpful").GetInt32());
        }
        await Recount.AssertTrueAsync(app);
    }
}
