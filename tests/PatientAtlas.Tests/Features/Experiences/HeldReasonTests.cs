using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Moderation;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>
/// What the personal-data net holds, through the site: the specific reason for the writer and the moderator, in English
/// and Spanish (issue 24, finding 11); and an author's edit cannot undo a moderator's redaction (finding 13).
/// </summary>
public sealed class HeldReasonTests
{
    [Fact]
    public async Task Handles_spelled_emails_and_phones_in_words_are_held_with_their_reason_for_the_writer_and_the_moderator_in_both_languages()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        var cases = new (string Text, string Reason)[]
        {
            ("Best support is online, insta: marta.k", "handle"),
            ("Write me, name at proton dot me", "email"),
            ("Llámame al seis uno dos, tres cuatro cinco, seis siete ocho", "phone"),
            ("Vivo en calle mayor 12, pásate", "address"),
        };
        var ids = new List<long>();
        foreach (var (text, reason) in cases)
        {
            using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: text, tried: new { intervention = "Magnesium", outcome = "helped" }));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            var json = await posted.JsonAsync();
            Assert.Equal(("pending", reason), (json.GetProperty("status").GetString(), string.Join(",", json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()))));
            ids.Add(json.GetProperty("id").GetInt64());
        }
        // A "what I tried" row is read too.
        using (var row = await app.PostAsync(writer.Token, Sharing.Body(text: "Magnesium at night.", tried: new { intervention = "Magnesium", outcome = "helped", sideEffects = "ask me on telegram @hfs_marta" })))
        {
            Assert.Equal("handle", string.Join(",", (await row.JsonAsync()).GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString())));
        }
        Assert.All(await app.WithDbAsync(db => db.Experiences.AsNoTracking().Where(e => e.MemberId == writer.Id).Select(e => e.Status).ToListAsync()),
            s => Assert.Equal(ExperienceStatus.Pending, s));

        var mine = await writer.Visitor.GetAsync("/account/experiences");
        Assert.Contains("social media handle", mine.Document.QuerySelector($"li[data-experience='{ids[0]}'] .hold-reason[data-reason='handle']")?.TextContent, StringComparison.Ordinal);
        var mías = await writer.Visitor.GetAsync("/es/account/experiences");
        Assert.Contains("redes sociales", mías.Document.QuerySelector($"li[data-experience='{ids[0]}'] .hold-reason[data-reason='handle']")?.TextContent, StringComparison.Ordinal);

        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        Assert.Equal("it contains a social media handle", queue.Document.QuerySelector($"#item-experience-{ids[0]} .hold-reasons")?.TextContent.Trim());
        Assert.Equal("it contains an email address", queue.Document.QuerySelector($"#item-experience-{ids[1]} .hold-reasons")?.TextContent.Trim());
        Assert.Equal("it contains a phone number", queue.Document.QuerySelector($"#item-experience-{ids[2]} .hold-reasons")?.TextContent.Trim());
        Assert.Equal("it contains a street address", queue.Document.QuerySelector($"#item-experience-{ids[3]} .hold-reasons")?.TextContent.Trim());
        var cola = await moderator.Visitor.GetAsync("/es/moderation");
        Assert.Equal("contiene un usuario de redes sociales", cola.Document.QuerySelector($"#item-experience-{ids[0]} .hold-reasons")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_authors_edit_of_a_redacted_post_waits_for_a_moderator_who_sees_the_redacted_version()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        const string passage = "Dr. Alvarez at Riverside clinic";
        const string original = passage + " told me to sleep on my back. It helped.";
        using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: original));
        var id = (await posted.JsonAsync()).GetProperty("id").GetInt64();
        // Held (as a new member's post is), so that it reaches the queue; the moderator removes the name and publishes the rest.
        await app.WriteAsync(async db =>
        {
            var e = await db.Experiences.SingleAsync(x => x.Id == id);
            e.Status = ExperienceStatus.Pending;
            e.HoldReasons = HoldReasons.NewMember;
        });
        using var moderator = await app.ConsentedMemberAsync(ModerationSteps.ModeratorRole);
        await moderator.Visitor.DecideAsync("experience", id, "redact", passage: passage);
        const string redacted = "[removed by a moderator] told me to sleep on my back. It helped.";
        var after = await app.WithDbAsync(db => db.Experiences.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal((ExperienceStatus.Published, redacted), (after.Status, after.Text));

        // The author puts the name back through the API: it waits, and the page keeps the redacted text.
        using (var edited = await ApiCalls.SendAsync(app, HttpMethod.Put, $"/api/v1/experiences/{id}", writer.Token, JsonContent.Create(Sharing.Body(text: original))))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            var json = await edited.JsonAsync();
            Assert.Equal(("pending", "redacted"), (json.GetProperty("status").GetString(), string.Join(",", json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()))));
        }
        var page = (await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet")).Body!.TextContent;
        Assert.DoesNotContain("Alvarez", page, StringComparison.Ordinal);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        var item = queue.Document.QuerySelector($"#item-experience-{id}");
        Assert.NotNull(item);
        Assert.Contains("after a moderator redacted it", item.QuerySelector(".hold-reasons")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(redacted, item.QuerySelector(".earlier-version .previous-text")?.TextContent);

        // The moderator redacts again; the author edits through the page, which starts from the redacted text.
        await moderator.Visitor.DecideAsync("experience", id, "redact", passage: passage);
        var form = await writer.Visitor.GetAsync($"/conditions/hemifacial-spasm/diet/share?edit={id}");
        Assert.Equal(redacted, form.Document.QuerySelector("#Form_Text")?.TextContent);
        var preview = await writer.Visitor.SubmitAsync(form.Document, form.Url, "form#share", new Dictionary<string, string>
        {
            ["Form.Text"] = "Riverside: " + passage + " told me to sleep on my back.", ["Form.Step"] = "preview",
        });
        var saved = await writer.Visitor.SubmitAsync(preview.Document, preview.Url, "form#share-confirm", new Dictionary<string, string> { ["Form.Step"] = "post" });
        Assert.Equal("pending", saved.Document.QuerySelector("#posted-state")?.GetAttribute("data-status"));
        Assert.NotNull(saved.Document.QuerySelector("#posted-state li[data-reason='redacted']"));
        Assert.DoesNotContain("Alvarez", (await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet")).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ExperienceStatus.Pending, await app.WithDbAsync(db => db.Experiences.Where(e => e.Id == id).Select(e => e.Status).SingleAsync()));
    }
}
