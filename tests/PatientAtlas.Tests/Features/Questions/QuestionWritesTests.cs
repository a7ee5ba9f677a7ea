using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Site;
using PatientAtlas.Tests.Infrastructure;
using PatientAtlas.Platform;

namespace PatientAtlas.Tests.Features.Questions;

/// <summary>The save pipeline on community content: every save brings its counts, search, notes and cache along.</summary>
public sealed class QuestionWritesTests
{
    [Fact]
    public async Task APlainSaveOfCommunityContentBringsItsCountsSearchAndNote()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:SearchRequestsPerMinute"] = "100000" });
        var (conditionId, questionId) = await Community.QuestionAsync(app, "lyme-disease", "sleep");
        await app.WithDbAsync(async db =>
        {
            db.Experiences.Add(NewExperience(conditionId, questionId, "A plain save of the kookaburra method."));
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, await app.ExperiencesFoundAsync("kookaburra"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Questions.Where(q => q.Id == questionId).Select(q => q.ExperienceCount).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.QuestionTried.CountAsync(t => t.QuestionId == questionId)));
    }

    [Fact]
    public async Task PublishingUpdatesCountSearchAndNotesAndEvictsOnlyThePagesItAffects()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:SearchRequestsPerMinute"] = "100000" });
        var (conditionId, questionId) = await Community.QuestionAsync(app, "lyme-disease", "sleep");
        const string page = "/conditions/lyme-disease/sleep", sibling = "/conditions/lyme-disease/diet", overview = "/conditions/lyme-disease";
        foreach (var path in new[] { page, sibling, overview, page, sibling, overview })
        {
            (await app.Client.GetAsync(path)).Dispose();
        }
        Assert.True(await IsCachedAsync(app, sibling));
        var countBefore = await CommunityLineAsync(app, page);

        await app.WriteAsync(db => db.Experiences.Add(NewExperience(conditionId, questionId, "A wombat-shaped pillow helped me sleep.")));

        Assert.False(await IsCachedAsync(app, page));
        Assert.NotEqual(countBefore, await CommunityLineAsync(app, page));
        Assert.True(await IsCachedAsync(app, sibling));
        Assert.Equal(1, await app.ExperiencesFoundAsync("wombat"));
        var stored = await app.WithDbAsync(db => db.Questions.Where(q => q.Id == questionId).Select(q => q.ExperienceCount).SingleAsync());
        Assert.Equal(1, stored);
        var tag = PagePolicy.QuestionTag("lyme-disease", "sleep");
        var notes = await app.WithDbAsync(db => db.ContentChanges.Where(c => c.Tags != null).Select(c => c.Tags!).ToListAsync());
        Assert.Contains(notes, n => n.Split('\n').Contains(tag));
    }

    [Fact]
    public async Task HidingThenDeletingTakesAnExperienceOutOfCountsAndSearch()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:SearchRequestsPerMinute"] = "100000" });
        var (conditionId, questionId) = await Community.QuestionAsync(app, "lyme-disease", "sleep");
        await app.WriteAsync(db => db.Experiences.Add(NewExperience(conditionId, questionId, "The numbat diet did nothing.")));
        Assert.Equal(1, await app.ExperiencesFoundAsync("numbat"));

        await app.WriteAsync(async db => (await db.Experiences.SingleAsync(e => e.QuestionId == questionId)).Status = ExperienceStatus.Hidden);
        Assert.Equal(0, await app.ExperiencesFoundAsync("numbat"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Questions.Where(q => q.Id == questionId).Select(q => q.ExperienceCount).SingleAsync()));

        await app.WriteAsync(async db => (await db.Experiences.SingleAsync(e => e.QuestionId == questionId)).Status = ExperienceStatus.Published);
        Assert.Equal(1, await app.ExperiencesFoundAsync("numbat"));
        Assert.Equal(1, await app.WithDbAsync(db => db.QuestionTried.CountAsync(t => t.QuestionId == questionId)));

        await app.WriteAsync(async db => db.Experiences.Remove(await db.Experiences.Include(e => e.Tried).SingleAsync(e => e.QuestionId == questionId)));
        Assert.Equal(0, await app.ExperiencesFoundAsync("numbat"));
        Assert.Equal(0, await app.WithDbAsync(db => db.QuestionTried.CountAsync(t => t.QuestionId == questionId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.SearchDocuments.CountAsync(d => d.QuestionId == questionId)));
    }

    [Fact]
    public async Task TwoWritersAtOnceEachGetTheirSearchDocument()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:SearchRequestsPerMinute"] = "100000" });
        var (conditionId, questionId) = await Community.QuestionAsync(app, "lyme-disease", "sleep");
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            app.WriteAsync(db => db.Experiences.Add(NewExperience(conditionId, questionId, $"Writer quoll{i} was here.")))));
        var documents = await app.WithDbAsync(db => db.SearchDocuments.Where(d => d.QuestionId == questionId).Select(d => d.Id).ToListAsync());
        var experiences = await app.WithDbAsync(db => db.Experiences.Where(e => e.QuestionId == questionId).Select(e => e.Id).ToListAsync());
        Assert.True(documents.Distinct().Count() == 6, $"documents {string.Join(",", documents)}; experiences {string.Join(",", experiences)}");
        Assert.Equal(6, await app.WithDbAsync(db => db.Questions.Where(q => q.Id == questionId).Select(q => q.ExperienceCount).SingleAsync()));
    }

    [Fact]
    public async Task IndexingOneExperienceReadsOnlyThatExperience()
    {
        await using var app = await AtlasApp.StartAsync();
        // An experience id far out: a walk over the experiences table by windows of ids would take hundreds of queries.
        var (marfan, marfanSleep) = await Community.QuestionAsync(app, "marfan-syndrome", "sleep");
        await app.WriteAsync(db =>
        {
            var far = NewExperience(marfan, marfanSleep, "Far out.");
            far.Tried = [];
            db.Experiences.Add(far);
        });
        await app.WithDbAsync(async db => await db.Database.ExecuteSqlRawAsync("UPDATE \"Experiences\" SET \"Id\" = 1000000 WHERE \"Text\" = 'Far out.'"));
        var (conditionId, questionId) = await Community.QuestionAsync(app, "lyme-disease", "sleep");
        var before = app.Queries.Count;
        await app.WriteAsync(db => db.Experiences.Add(NewExperience(conditionId, questionId, "One more.")));
        var roundTrips = app.Queries.Count - before;
        // A fixed number of statements (save, counts, one document, one note, slugs), not one per window of ids.
        Assert.InRange(roundTrips, 1, 25);
    }

    [Fact]
    public async Task OldChangeNotesArePruned()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await AtlasApp.StartAsync(clock: clock);
        var old = clock.GetUtcNow().UtcDateTime - ContentChangeWatcher.Retention - TimeSpan.FromHours(1);
        await app.WithDbAsync(async db =>
        {
            db.ContentChanges.Add(new ContentChange { ChangedAt = old });
            await db.SaveChangesAsync();
        });
        clock.Advance(TimeSpan.FromHours(2));
        await app.Services.GetRequiredService<ContentChangeWatcher>().SyncAsync(CancellationToken.None);
        Assert.Equal(0, await app.WithDbAsync(db => db.ContentChanges.CountAsync(c => c.ChangedAt <= old)));
    }

    private static Experience NewExperience(int conditionId, int questionId, string text) => new()
    {
        ConditionId = conditionId,
        QuestionId = questionId,
        AuthorPseudonym = "writer",
        Relation = Relation.Affected,
        Text = text,
        Language = "en",
        Status = ExperienceStatus.Published,
        CreatedAt = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        Tried = [new TriedEntry { Intervention = "Pillow", InterventionKey = "pillow", Outcome = Outcome.Helped }],
    };

    private static async Task<bool> IsCachedAsync(AtlasApp app, string path)
    {
        using var response = await app.Client.GetAsync(path);
        return response.Headers.Age is not null;
    }

    private static async Task<string> CommunityLineAsync(AtlasApp app, string path) =>
        (await app.GetDocumentAsync(path)).QuerySelector("p.community-line")!.TextContent.Trim();

}
