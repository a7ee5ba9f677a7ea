using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Demo;

public sealed class DemoContentTests
{
    [Fact]
    public async Task RemoveDemoLeavesNoDemoRowAndKeepsRealContent()
    {
        await using var app = await AtlasApp.StartAsync();
        await Community.AddExperiencesAsync(app, "hemifacial-spasm", "diet", 3);
        var before = await CountDemoRowsAsync(app);
        Assert.True(before.Experiences >= 20 && before.Summaries >= 12 && before.Reviewers == 2, before.ToString());

        var result = await app.RunVerbAsync("remove-demo");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new DemoRows(0, 0, 0, 0, 0, 0), await CountDemoRowsAsync(app));

        // The real experiences on a question the demo also used survive, and so does their question.
        Assert.Equal(3, await app.WithDbAsync(db => db.Experiences.CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Questions.CountAsync()));
    }

    [Fact]
    public async Task SeedDemoTwiceGivesTheSameContentOnce()
    {
        await using var app = await AtlasApp.StartAsync();
        var first = await CountDemoRowsAsync(app);
        var result = await app.RunVerbAsync("seed-demo");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(first, await CountDemoRowsAsync(app));
    }

    [Fact]
    public async Task TheDemoHasTwoHemifacialSpasmDietExperiencesAndFiveMoreConditionsInBothLanguages()
    {
        await using var app = await AtlasApp.StartAsync();
        var perCondition = await app.WithDbAsync(db => db.Summaries
            .Join(db.Questions, s => s.QuestionId, q => q.Id, (s, q) => new { q.ConditionId, s.Language })
            .GroupBy(x => x.ConditionId)
            .Select(g => new { g.Key, Languages = g.Select(x => x.Language).Distinct().Count() })
            .ToListAsync());
        Assert.True(perCondition.Count(c => c.Languages == 2) >= 6);
        var hfsDiet = await app.WithDbAsync(db => db.Experiences.CountAsync(e =>
            db.Questions.Any(q => q.Id == e.QuestionId && q.Slug == "diet" && db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == "hemifacial-spasm"))));
        Assert.Equal(2, hfsDiet);
    }

    private sealed record DemoRows(int Questions, int Summaries, int Revisions, int Experiences, int Tried, int Reviewers);

    private static Task<DemoRows> CountDemoRowsAsync(AtlasApp app) => app.WithDbAsync(async db => new DemoRows(
        await db.Questions.CountAsync(q => q.IsDemo),
        await db.Summaries.CountAsync(s => s.IsDemo),
        await db.SummaryRevisions.CountAsync(r => db.Summaries.Any(s => s.Id == r.SummaryId && s.IsDemo)),
        await db.Experiences.CountAsync(e => e.IsDemo),
        await db.TriedEntries.CountAsync(t => db.Experiences.Any(e => e.Id == t.ExperienceId && e.IsDemo)),
        await db.Reviewers.CountAsync(r => r.IsDemo)));
}
