using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>The relation a member gives while sharing becomes their relation to the condition (private), unless they had one;
/// and the "saved, waiting" notice reads as sentences, says why once, and leads back to the question.</summary>
public sealed class SaidOnceTests
{
    private const string Share = "/conditions/hemifacial-spasm/treatments/share";

    [Fact]
    public async Task TheRelationChosenWhileSharingIsKeptPrivateAndNearMeDoesNotAskAgain()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();
        var posted = await PostAsync(writer.Visitor, "caregiver");

        var relation = await app.WithDbAsync(db => db.Set<MemberRelation>().SingleAsync(r => r.MemberId == writer.Id));
        Assert.Equal(Relation.Caregiver, relation.Relation);
        Assert.False(relation.ShowOnProfile);
        var conditions = await writer.Visitor.GetAsync("/account/conditions");
        Assert.Contains("hemifacial", conditions.Document.QuerySelector("main")!.InnerHtml, StringComparison.OrdinalIgnoreCase);

        // The notice after a held first post: a sentence that ends, the reason once, a way back.
        var notice = posted.Document.QuerySelector("#posted-state p.confirmation")!;
        Assert.Contains("saved. It is waiting", notice.TextContent, StringComparison.Ordinal);
        Assert.Equal("/conditions/hemifacial-spasm/treatments", notice.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(posted.Document.QuerySelectorAll("#my-experiences .hold-reason"));
        Assert.NotEmpty(posted.Document.QuerySelectorAll("#posted-state .hold-reasons li"));
    }

    [Fact]
    public async Task ARelationTheMemberAlreadyHadIsNotChanged()
    {
        await using var app = await AtlasApp.StartAsync();
        using var writer = await app.WriterAsync();
        var conditionId = await app.WithDbAsync(db => db.Conditions.Where(c => c.Slug == "hemifacial-spasm").Select(c => c.Id).SingleAsync());
        await app.WriteAsync(db => db.Set<MemberRelation>().Add(new MemberRelation
        {
            MemberId = writer.Id, ConditionId = conditionId, Relation = Relation.Professional, ShowOnProfile = true, CreatedAt = DateTime.UtcNow,
        }));
        await PostAsync(writer.Visitor, "affected");
        var relation = await app.WithDbAsync(db => db.Set<MemberRelation>().SingleAsync(r => r.MemberId == writer.Id));
        Assert.Equal(Relation.Professional, relation.Relation);
        Assert.True(relation.ShowOnProfile);
        Assert.Equal(1, await app.MyExperienceCountAsync(writer.Id));
    }

    private static async Task<PageResult> PostAsync(Visitor visitor, string relation)
    {
        var preview = await visitor.SubmitAsync(Share, "form#share", new Dictionary<string, string>
        {
            ["Form.Relation"] = relation, ["Form.Text"] = "The injections every three months are what keep the spasms manageable for me.", ["Form.Step"] = "preview",
        });
        Assert.NotNull(preview.Document.QuerySelector("form#share-confirm"));
        return await visitor.SubmitAsync(preview.Document, preview.Url, "form#share-confirm", new Dictionary<string, string> { ["Form.Step"] = "post" });
    }
}
