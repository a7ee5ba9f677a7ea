using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Scale;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Scale;

/// <summary>seed-scale and remove-scale, run as the real executable on the starter catalog with the demo content loaded.</summary>
public sealed class SeedScaleTests
{
    private const int Experiences = 2000;

    [Fact]
    public async Task SeedScaleWritesTheRequestedSyntheticCommunityApartFromTheDemo()
    {
        await using var app = await AtlasApp.StartAsync();
        var demoBefore = await DemoRowsAsync(app);

        var result = await app.RunVerbAsync("seed-scale", "--experiences", Experiences.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("seeded 2000 experiences by 400 members", result.Output, StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(Experiences, await db.Experiences.CountAsync(e => e.IsSynthetic));
            Assert.Equal(0, await db.Experiences.CountAsync(e => e.IsSynthetic && e.IsDemo));
            var members = await db.Experiences.Where(e => e.IsSynthetic).Select(e => e.AuthorPseudonym).Distinct().CountAsync();
            Assert.InRange(members, 300, Experiences / 5);
            Assert.True(await db.TriedEntries.CountAsync(t => db.Experiences.Any(e => e.Id == t.ExperienceId && e.IsSynthetic)) > Experiences / 2);

            // Synthetic rows never land on a question or condition that has demo content.
            Assert.False(await db.Experiences.AnyAsync(e => e.IsSynthetic && db.Questions.Any(q => q.Id == e.QuestionId && !q.IsSynthetic)));
            var demoConditions = await db.Questions.Where(q => q.IsDemo).Select(q => q.ConditionId).Distinct().ToListAsync();
            Assert.False(await db.Experiences.AnyAsync(e => e.IsSynthetic && demoConditions.Contains(e.ConditionId)));

            // Reviewed summaries on the most popular questions, signed by the synthetic reviewer.
            var questions = await db.Questions.CountAsync(q => q.IsSynthetic);
            var summaries = await db.Summaries.Where(s => s.IsSynthetic).Select(s => s.QuestionId).ToListAsync();
            Assert.Equal(ScaleSeeder.SummaryCount(questions), summaries.Count);
            var published = await db.SummaryRevisions
                .Where(r => r.Status == SummaryStatus.Published && db.Summaries.Any(s => s.Id == r.SummaryId && s.IsSynthetic))
                .Select(r => r.Reviewer!.Slug).ToListAsync();
            Assert.Equal(summaries.Count, published.Count);
            Assert.All(published, slug => Assert.Equal(ScaleContent.ReviewerSlug, slug));
            var perQuestion = await db.Experiences.Where(e => e.IsSynthetic).GroupBy(e => e.QuestionId)
                .Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).ThenBy(g => g.Key).ToListAsync();
            Assert.Contains(perQuestion[0].Key, summaries);
        });
        Assert.Equal(demoBefore, await DemoRowsAsync(app));
    }

    [Fact]
    public async Task AFewConditionsHoldMostExperiences()
    {
        await using var app = await AtlasApp.StartAsync();
        var result = await app.RunVerbAsync("seed-scale", "--experiences", "3000");
        Assert.True(result.ExitCode == 0, result.Error);

        var perCondition = await app.WithDbAsync(db => db.Experiences.Where(e => e.IsSynthetic)
            .GroupBy(e => e.ConditionId).Select(g => g.Count()).ToListAsync());
        perCondition.Sort((a, b) => b.CompareTo(a));
        var topTenth = perCondition.Take(Math.Max(1, perCondition.Count / 10)).Sum();
        Assert.True(topTenth > 3000 * 0.35, $"the top tenth of {perCondition.Count} conditions hold {topTenth} of 3000 experiences");
        Assert.True(perCondition[0] > 8 * perCondition[perCondition.Count / 2], $"busiest {perCondition[0]}, median {perCondition[perCondition.Count / 2]}");
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameCommunityAndAnotherSeedDoesNot()
    {
        await using var app = await AtlasApp.StartAsync();
        Assert.Equal(0, (await app.RunVerbAsync("seed-scale", "--experiences", "500")).ExitCode);
        var first = await FingerprintAsync(app);
        Assert.Equal(0, (await app.RunVerbAsync("seed-scale", "--experiences", "500")).ExitCode);
        Assert.Equal(first, await FingerprintAsync(app));
        Assert.Equal(500, await app.WithDbAsync(db => db.Experiences.CountAsync(e => e.IsSynthetic)));

        Assert.Equal(0, (await app.RunVerbAsync("seed-scale", "--experiences", "500", "--seed", "7")).ExitCode);
        Assert.NotEqual(first, await FingerprintAsync(app));
    }

    [Fact]
    public async Task RemoveScaleLeavesTheDemoContentIntact()
    {
        await using var app = await AtlasApp.StartAsync();
        var demoBefore = await DemoRowsAsync(app);
        var seeded = await app.RunVerbAsync("seed-scale", "--experiences", "1000");
        Assert.True(seeded.ExitCode == 0, seeded.Error);

        // The site shows the synthetic community (the verb's change note evicts cached pages).
        var busiest = seeded.Output.Split('\n').Single(l => l.StartsWith("busiest question: ", StringComparison.Ordinal))["busiest question: ".Length..].Trim();
        var page = await app.GetDocumentAsync(busiest);
        Assert.Contains(ScaleContent.ReviewerName, page.Body!.TextContent, StringComparison.Ordinal);

        var removed = await app.RunVerbAsync("remove-scale");
        Assert.True(removed.ExitCode == 0, removed.Error);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Experiences.CountAsync(e => e.IsSynthetic));
            Assert.Equal(0, await db.Questions.CountAsync(q => q.IsSynthetic));
            Assert.Equal(0, await db.Summaries.CountAsync(s => s.IsSynthetic));
            Assert.Equal(0, await db.SummaryRevisions.CountAsync(r => r.Reviewer!.Slug == ScaleContent.ReviewerSlug));
            Assert.False(await db.Reviewers.AnyAsync(r => r.Slug == ScaleContent.ReviewerSlug));
        });
        Assert.Equal(demoBefore, await DemoRowsAsync(app));
        var demo = await app.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.Contains("2 people", demo.Body!.TextContent, StringComparison.Ordinal);
    }

    private sealed record DemoRows(int Questions, int Summaries, int Revisions, int Experiences, int Tried, int Reviewers);

    private static Task<DemoRows> DemoRowsAsync(AtlasApp app) => app.WithDbAsync(async db => new DemoRows(
        await db.Questions.CountAsync(q => q.IsDemo),
        await db.Summaries.CountAsync(s => s.IsDemo),
        await db.SummaryRevisions.CountAsync(r => db.Summaries.Any(s => s.Id == r.SummaryId && s.IsDemo)),
        await db.Experiences.CountAsync(e => e.IsDemo),
        await db.TriedEntries.CountAsync(t => db.Experiences.Any(e => e.Id == t.ExperienceId && e.IsDemo)),
        await db.Reviewers.CountAsync(r => r.IsDemo)));

    /// <summary>A hash of every synthetic experience and tried entry, by content (ids may differ between runs).</summary>
    private static Task<string> FingerprintAsync(AtlasApp app) => app.WithDbAsync(async db =>
    {
        var rows = await db.Experiences.AsNoTracking().Where(e => e.IsSynthetic).OrderBy(e => e.CreatedAt).ThenBy(e => e.AuthorPseudonym)
            .Select(e => new
            {
                e.ConditionId,
                Question = db.Questions.Where(q => q.Id == e.QuestionId).Select(q => q.Slug).First(),
                e.AuthorPseudonym, e.Relation, e.Language, e.Status, e.CreatedAt, e.HelpfulCount, e.Text,
                Tried = e.Tried.OrderBy(t => t.Id).Select(t => t.InterventionKey + ":" + t.Outcome + ":" + t.Duration).ToList(),
            })
            .ToListAsync();
        var text = new StringBuilder();
        foreach (var r in rows)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{r.ConditionId}|{r.Question}|{r.AuthorPseudonym}|{r.Relation}|{r.Language}|{r.Status}|{r.CreatedAt:O}|{r.HelpfulCount}|{r.Text}|{string.Join(',', r.Tried)}\n");
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    });
}
