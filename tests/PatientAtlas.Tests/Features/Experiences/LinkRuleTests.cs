using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>
/// The no-links rule and the allow-list see links as the renderer makes them (issue 24, finding 7), and an email address
/// is personal data that waits for a moderator, never a refused link.
/// </summary>
public sealed class LinkRuleTests
{
    private const string Share = "/conditions/hemifacial-spasm/diet/share";

    public static TheoryData<string> Tricks => new() { "[x](//evil.example)", "[x](https:evil.example)", "Read evil.example, it helped me." };

    [Theory]
    [MemberData(nameof(Tricks))]
    public async Task A_new_members_link_written_any_way_is_refused_in_the_post_the_rows_the_edit_and_the_page(string link)
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();
        var existing = await app.ExperienceByAsync(writer.Id, writer.Pseudonym, "Published earlier by a moderator.");

        using (var post = await app.PostAsync(writer.Token, Sharing.Body(text: link)))
        {
            await AssertNoLinksYetAsync(post, "text");
        }
        using (var row = await app.PostAsync(writer.Token, Sharing.Body(text: "Coffee made it worse.", tried: new { intervention = link, outcome = "worse" })))
        {
            await AssertNoLinksYetAsync(row, "tried[0].intervention");
        }
        using (var edit = await ApiCalls.SendAsync(app, HttpMethod.Put, $"/api/v1/experiences/{existing}", writer.Token, JsonContent.Create(Sharing.Body(text: link))))
        {
            await AssertNoLinksYetAsync(edit, "text");
        }
        var page = await writer.Visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = "affected", ["Form.Text"] = link, ["Form.Step"] = "post",
        });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("New members cannot post links", page.Document.QuerySelector("#Form_Text-error")?.TextContent, StringComparison.Ordinal);

        Assert.Equal(1, await app.MyExperienceCountAsync(writer.Id));
        Assert.Equal("Published earlier by a moderator.", await app.WithDbAsync(db => db.Experiences.Where(e => e.Id == existing).Select(e => e.Text).SingleAsync()));
    }

    [Fact]
    public async Task A_members_links_outside_the_allow_list_wait_however_written_and_render_as_the_address_the_rule_read()
    {
        await using var app = await AtlasApp.StartAsync(settings: Sharing.Trusting);
        using var writer = await app.WriterAsync();
        foreach (var text in new[]
        {
            "[x](//evil.example)", "[x](https:evil.example)", "Read evil.example first.", "[study](https://pubmed.ncbi.nlm.nih.gov@evil.example/1)",
            "[study](https://pubmed.ncbi.nlm.nih.gov.evil.example/1)", "[x][r]\n\n[r]: //evil.example",
        })
        {
            using var held = await app.PostAsync(writer.Token, Sharing.Body(text: text));
            var json = await held.JsonAsync();
            Assert.True(held.StatusCode == HttpStatusCode.Created, text);
            Assert.Equal(("pending", "link"), (json.GetProperty("status").GetString(), string.Join(",", json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()))));
        }

        using var allowed = await app.PostAsync(writer.Token, Sharing.Body(text: "The [study](//pubmed.ncbi.nlm.nih.gov/123/) and [this one](https:pubmed.ncbi.nlm.nih.gov/456/)."));
        var id = (await allowed.JsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("published", (await allowed.JsonAsync()).GetProperty("status").GetString());
        var page = await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        var hrefs = page.QuerySelectorAll($"#experience-{id} .text a[href]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://pubmed.ncbi.nlm.nih.gov/123/", "https://pubmed.ncbi.nlm.nih.gov/456/"], hrefs);
    }

    [Fact]
    public async Task An_email_in_a_new_members_post_is_held_as_an_email_address_never_refused_and_both_sides_read_why()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();

        foreach (var text in new[] { "Write to me at ana.perez@example.com, I can share my diet sheet.", "[Mail me](mailto:ana.perez@example.com)" })
        {
            using var posted = await app.PostAsync(writer.Token, Sharing.Body(text: text));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            var json = await posted.JsonAsync();
            Assert.Equal("pending", json.GetProperty("status").GetString());
            Assert.Equal(["email", "new-member"], json.GetProperty("holdReasons").EnumerateArray().Select(e => e.GetString()).Order());
        }
        var page = await writer.Visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = "affected", ["Form.Text"] = "My mail: ana [at] example [dot] com", ["Form.Step"] = "post",
        });
        Assert.Equal("/account/experiences", page.Url.AbsolutePath);
        Assert.Contains("email address", page.Document.QuerySelector("#posted-state li[data-reason='email']")?.TextContent, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Experiences.AsNoTracking().Where(e => e.MemberId == writer.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.All(stored, e => Assert.Equal((ExperienceStatus.Pending, true), (e.Status, HoldReasons.Split(e.HoldReasons).Contains(HoldReasons.Email))));

        var spanish = await writer.Visitor.GetAsync("/es/account/experiences");
        Assert.Contains("dirección de correo", spanish.Document.QuerySelector($"li[data-experience='{stored[2].Id}'] .hold-reason[data-reason='email']")?.TextContent, StringComparison.Ordinal);

        using var moderator = await Moderation.ModerationSteps.ConsentedMemberAsync(app, Roles.Moderator);
        var queue = await moderator.Visitor.GetAsync("/moderation");
        Assert.Contains("it contains an email address", queue.Document.QuerySelector($"#item-experience-{stored[0].Id} .hold-reasons")?.TextContent, StringComparison.Ordinal);
    }

    private static async Task AssertNoLinksYetAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.True(json.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {json}");
        Assert.Contains("Experience.NoLinksYet", json.ToString(), StringComparison.Ordinal);
    }
}
