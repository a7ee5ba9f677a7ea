using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;
using static PatientAtlas.Tests.Features.Moderation.ModerationSteps;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>
/// The queue shows everything that is published with a post: its text, the relation its author writes as and each "what
/// I tried" row (intervention, outcome, duration, side effects), and for an edit the same of the version before, on the
/// page and in the API. A link or a personal detail placed only in a tried row is in front of the moderator.
/// </summary>
public sealed class QueueShowsWhatIsPublishedTests
{
    [Fact]
    public async Task A_link_or_a_personal_detail_only_in_a_tried_row_is_shown_to_the_moderator_with_the_relation_and_the_earlier_version()
    {
        await using var app = await AtlasApp.StartAsync();
        using var author = await app.ConsentedMemberAsync();
        var post = await app.PostAsync(author, "Nothing to see in the text itself.", ExperienceStatus.Pending, HoldReasons.NewMember);
        await app.WriteAsync(async db =>
        {
            var e = await db.Experiences.Include(x => x.Tried).SingleAsync(x => x.Id == post);
            e.Relation = Relation.Caregiver;
            e.Tried.Clear();
            e.Tried.Add(new TriedEntry { Intervention = "Pills from https://evil.example/shop", InterventionKey = "pills", Outcome = Outcome.Worse, Duration = "until I met Dr. Ruiz at Calle Mayor 5", SideEffects = "write to me at sofia.ruiz@example.org" });
            db.ExperienceEdits.Add(new ExperienceEdit
            {
                ExperienceId = post, MemberId = author.Id, PreviousText = "Nothing to see before either.", PreviousRelation = Relation.Professional,
                PreviousTried = """[{"intervention":"Earlier dose 900 mg from evil.example","outcome":"helped","duration":"two weeks","sideEffects":"call 600 123 456"}]""",
                PreviousStatus = ExperienceStatus.Published, EditedAt = DateTime.UtcNow.AddMinutes(-5),
            });
        });
        using var moderator = await app.ConsentedMemberAsync(ModeratorRole);

        var page = await moderator.Visitor.GetAsync("/moderation");
        var item = page.Document.QuerySelector($"#item-experience-{post}")!;
        Assert.Equal("Writes as: caregiver", item.QuerySelector(".relation:not(.previous-relation)")!.TextContent.Trim());
        var row = item.QuerySelector("table.tried-rows:not(.earlier-version table) tbody tr")!;
        Assert.Equal("Pills from https://evil.example/shop", row.QuerySelector(".tried-intervention")!.TextContent);
        Assert.Equal("Worse", row.QuerySelector(".tried-outcome")!.TextContent);
        Assert.Equal("until I met Dr. Ruiz at Calle Mayor 5", row.QuerySelector(".tried-duration")!.TextContent);
        Assert.Equal("write to me at sofia.ruiz@example.org", row.QuerySelector(".tried-side-effects")!.TextContent);
        var earlier = item.QuerySelector(".earlier-version")!;
        Assert.Equal("Writes as: health professional", earlier.QuerySelector(".previous-relation")!.TextContent.Trim());
        Assert.Equal("Earlier dose 900 mg from evil.example", earlier.QuerySelector(".tried-intervention")!.TextContent);
        Assert.Equal("Helped", earlier.QuerySelector(".tried-outcome")!.TextContent);
        Assert.Equal("call 600 123 456", earlier.QuerySelector(".tried-side-effects")!.TextContent);

        using var response = await ApiCalls.GetAsync(app, "/api/v1/moderation/queue", await moderator.WriteTokenAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var queued = json.RootElement.EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "experience" && i.GetProperty("id").GetInt64() == post);
        Assert.Equal("caregiver", queued.GetProperty("relation").GetString());
        var tried = Assert.Single(queued.GetProperty("tried").EnumerateArray().ToList());
        Assert.Equal(("Pills from https://evil.example/shop", "worse", "until I met Dr. Ruiz at Calle Mayor 5", "write to me at sofia.ruiz@example.org"),
            (tried.GetProperty("intervention").GetString(), tried.GetProperty("outcome").GetString(), tried.GetProperty("duration").GetString(), tried.GetProperty("sideEffects").GetString()));
        var before = queued.GetProperty("earlier");
        Assert.Equal(("Nothing to see before either.", "professional"), (before.GetProperty("text").GetString(), before.GetProperty("relation").GetString()));
        var previous = Assert.Single(before.GetProperty("tried").EnumerateArray().ToList());
        Assert.Equal(("Earlier dose 900 mg from evil.example", "helped", "call 600 123 456"),
            (previous.GetProperty("intervention").GetString(), previous.GetProperty("outcome").GetString(), previous.GetProperty("sideEffects").GetString()));
    }
}
