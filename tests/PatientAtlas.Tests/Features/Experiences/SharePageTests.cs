using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

public sealed class SharePageTests
{
    private const string Share = "/conditions/hemifacial-spasm/diet/share";

    [Fact]
    public async Task A_member_shares_without_javascript_adds_rows_previews_and_posts_and_the_page_shows_it_at_once()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        await writer.Visitor.AddRelationAsync("hemifacial", "hemifacial-spasm", "Caregiver");
        var before = await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.NotNull(before.QuerySelector($".community-line a.share-link[href='{Share}']"));

        var form = await writer.Visitor.GetAsync(Share);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("caregiver", form.Document.QuerySelector("select#Form_Relation option[selected]")?.GetAttribute("value"));
        Assert.NotEmpty(form.Document.QuerySelectorAll("datalist#interventions option"));
        Assert.NotNull(form.Document.QuerySelector("input#Form_Website[tabindex='-1']"));
        var rows = form.Document.QuerySelectorAll(".tried-row").Length;

        var more = await writer.Visitor.SubmitAsync(form.Document, form.Url, "form#share", new Dictionary<string, string>
        {
            ["Form.Text"] = "Less coffee, calmer eyelid: the quokka diary.",
            ["Form.Tried[0].Intervention"] = "Cutting down coffee",
            ["Form.Tried[0].Outcome"] = "helped",
            ["Form.Step"] = "more",
        });
        Assert.Equal(rows + 1, more.Document.QuerySelectorAll(".tried-row").Length);
        Assert.Equal("Cutting down coffee", more.Document.QuerySelector("#Form_Tried_0__Intervention")?.GetAttribute("value"));

        var preview = await writer.Visitor.SubmitAsync(more.Document, more.Url, "form#share", new Dictionary<string, string>
        {
            ["Form.Tried[1].Intervention"] = "Magnesium supplement",
            ["Form.Tried[1].Outcome"] = "no-change",
            ["Form.Tried[1].Duration"] = "2 months",
            ["Form.Step"] = "preview",
        });
        Assert.Contains("quokka diary", preview.Document.QuerySelector(".share-preview .text")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.MyExperienceCountAsync(writer.Id));

        var posted = await writer.Visitor.SubmitAsync(preview.Document, preview.Url, "form#share-confirm", new Dictionary<string, string> { ["Form.Step"] = "post" });
        Assert.Equal("/account/experiences", posted.Url.AbsolutePath);
        Assert.Equal("published", posted.Document.QuerySelector("#posted-state")?.GetAttribute("data-status"));
        var stored = await app.WithDbAsync(db => db.Experiences.Include(e => e.Tried).SingleAsync(e => e.MemberId == writer.Id));
        Assert.Equal(Relation.Caregiver, stored.Relation);
        Assert.Equal(["Cutting down coffee", "Magnesium supplement"], stored.Tried.OrderBy(t => t.Id).Select(t => t.Intervention));

        var after = await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.NotNull(after.QuerySelector($"#experience-{stored.Id}"));
        Assert.NotEqual(before.QuerySelector(".community-line")!.TextContent, after.QuerySelector(".community-line")!.TextContent);
        await Recount.AssertTrueAsync(app);
    }

    [Fact]
    public async Task A_new_members_post_waits_and_nobody_else_sees_it_anywhere()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();
        using var other = await app.WriterAsync();

        var posted = await PostAsync(writer.Visitor, "My pending story about the ocelot lantern.");
        Assert.Equal("pending", posted.Document.QuerySelector("#posted-state")?.GetAttribute("data-status"));
        Assert.NotNull(posted.Document.QuerySelector("#posted-state li[data-reason='new-member']"));
        var id = await app.WithDbAsync(db => db.Experiences.Where(e => e.MemberId == writer.Id).Select(e => e.Id).SingleAsync());
        var mine = await writer.Visitor.GetAsync("/account/experiences");
        Assert.Equal("pending", mine.Document.QuerySelector($"li[data-experience='{id}']")?.GetAttribute("data-status"));

        foreach (var reader in new[] { other.Visitor, app.NewVisitor(), writer.Visitor })
        {
            var page = await reader.GetAsync("/conditions/hemifacial-spasm/diet");
            Assert.DoesNotContain("ocelot", page.Document.Body!.TextContent, StringComparison.Ordinal);
        }
        using var api = await app.Client.GetAsync("/api/v1/conditions/hemifacial-spasm/questions/diet");
        Assert.DoesNotContain("ocelot", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var theirs = await ApiCalls.GetAsync(app, $"/api/v1/experiences/{id}", other.Token);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(0, await app.ExperiencesFoundAsync("ocelot"));
        var otherList = await other.Visitor.GetAsync("/account/experiences");
        Assert.DoesNotContain("ocelot", otherList.Document.Body!.TextContent, StringComparison.Ordinal);

        // The author's own state comes from a no-store endpoint, never from the shared page.
        using var state = await writer.Visitor.Http.GetAsync("/account/experiences/state/hemifacial-spasm/diet");
        Assert.Equal("no-store", state.Headers.CacheControl?.ToString());
        Assert.Equal(1, (await state.JsonAsync()).GetProperty("pending").GetInt32());
        using var strangerState = await other.Visitor.Http.GetAsync("/account/experiences/state/hemifacial-spasm/diet");
        Assert.Equal(0, (await strangerState.JsonAsync()).GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Crisis_words_hold_the_post_as_urgent_and_show_the_crisis_resources_at_once()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();

        var posted = await PostAsync(writer.Visitor, "Honestly I don't want to live anymore with this spasm.");
        Assert.Equal("/help/crisis", posted.Url.AbsolutePath);
        Assert.NotNull(posted.Document.QuerySelector("#crisis-held"));
        Assert.NotEmpty(posted.Document.QuerySelectorAll("#helplines li"));
        var stored = await app.WithDbAsync(db => db.Experiences.SingleAsync(e => e.MemberId == writer.Id));
        Assert.True(stored.Urgent);
        Assert.Equal(ExperienceStatus.Pending, stored.Status);
        Assert.Contains(HoldReasons.Crisis, HoldReasons.Split(stored.HoldReasons));

        var spanish = await app.GetDocumentAsync("/es/help/crisis");
        Assert.Contains("024", spanish.QuerySelector("#helplines")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await app.GetDocumentAsync("/")).QuerySelector("footer a[href='/help/crisis']"));
    }

    [Fact]
    public async Task Bad_input_a_forged_token_or_the_honeypot_store_nothing()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();

        var empty = await writer.Visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = "affected", ["Form.Text"] = " ", ["Form.Step"] = "post",
        });
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.NotNull(empty.Document.QuerySelector("#Form_Text-error"));
        Assert.Equal("true", empty.Document.QuerySelector("#Form_Text")?.GetAttribute("aria-invalid"));

        var badOutcome = await writer.Visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = "neighbour", ["Form.Text"] = "Fine.", ["Form.Tried[0].Intervention"] = "Diet", ["Form.Tried[0].Outcome"] = "cured", ["Form.Step"] = "post",
        });
        Assert.NotNull(badOutcome.Document.QuerySelector("#Form_Relation-error"));
        Assert.NotNull(badOutcome.Document.QuerySelector("#Form_Tried_0__Outcome-error"));

        var bot = await writer.Visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = "affected", ["Form.Text"] = "Buy cheap pills.", ["Form.Website"] = "http://spam.example", ["Form.Step"] = "post",
        });
        Assert.NotNull(bot.Document.QuerySelector(".form-errors"));

        var forged = await writer.Visitor.PostForgedAsync(Share, new Dictionary<string, string>
        {
            ["Form.Relation"] = "affected", ["Form.Text"] = "Forged.", ["Form.Step"] = "post",
        }, withToken: true);
        Assert.Equal(HttpStatusCode.BadRequest, forged);
        Assert.Equal(0, await app.MyExperienceCountAsync(writer.Id));
    }

    [Fact]
    public async Task A_new_member_cannot_post_links_and_links_elsewhere_hold_a_members_post()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();
        using (var refused = await app.PostAsync(writer.Token, Sharing.Body(text: "See https://pubmed.ncbi.nlm.nih.gov/123/ for the study.")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty("text", out _));
        }
        Assert.Equal(0, await app.MyExperienceCountAsync(writer.Id));

        await using var trusting = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var member = await trusting.WriterAsync();
        using var allowed = await trusting.PostAsync(member.Token, Sharing.Body(text: "See https://pubmed.ncbi.nlm.nih.gov/123/ for the study."));
        Assert.Equal("published", (await allowed.JsonAsync()).GetProperty("status").GetString());
        using var held = await trusting.PostAsync(member.Token, Sharing.Body(text: "My clinic: www.cheap-botox-clinic.com, call +1 (555) 123-4567 or mail me at ana.perez@example.com."));
        var json = await held.JsonAsync();
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.Equal(["email", "link", "phone"], json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()).Order());
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
