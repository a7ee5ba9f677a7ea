using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Durability;

/// <summary>
/// The application's own services on the test's database, never started (no port, no background work): it prepares
/// the database as the run command does, makes members with consent and write tokens as the pages would, and reads
/// the rows back to check them, while the site itself runs as another process.
/// </summary>
public sealed class Backstage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Backstage(WebApplication app, TestDatabase database)
    {
        _app = app;
        Database = database;
    }

    public TestDatabase Database { get; }

    public static async Task<Backstage> PrepareAsync(TestDatabase database)
    {
        var app = Program.BuildWebApp(["--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(database.Settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await DatabaseStartup.PrepareForServingAsync(app.Services, CancellationToken.None);
        return new Backstage(app, database);
    }

    public sealed record Poster(int MemberId, string Pseudonym, string Token);

    /// <summary>
    /// Confirmed members who consented and hold a write token. Every other one signed up long ago (their posts
    /// publish at once when the site needs no approved posts first); the rest are new (their posts wait for review).
    /// </summary>
    public async Task<IReadOnlyList<Poster>> MembersAsync(int count)
    {
        var posters = new List<Poster>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
            var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
            var pseudonym = $"durable_{i}_{Guid.NewGuid().ToString("N")[..6]}";
            var member = new Member
            {
                UserName = pseudonym, Email = $"{pseudonym}@example.org", EmailConfirmed = true, Pseudonym = pseudonym,
                PseudonymKey = Pseudonyms.Key(pseudonym), CreatedAt = i % 2 == 0 ? now.AddDays(-30) : now,
            };
            var created = await users.CreateAsync(member);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Code)));
            db.Add(new MemberConsent { MemberId = member.Id, Version = ConsentText.Version, GivenAt = now });
            await db.SaveChangesAsync();
            var token = await PersonalTokens.CreateAsync(db, member, "durability", TokenScope.Write, 30, now, CancellationToken.None);
            Assert.NotNull(token);
            posters.Add(new Poster(member.Id, pseudonym, token.Value.Token));
        }
        return posters;
    }

    public sealed record StoredTried(string Intervention, string InterventionKey, Outcome Outcome, string? Duration, string? SideEffects);

    public sealed record StoredExperience(long Id, int QuestionId, int? MemberId, string Text, ExperienceStatus Status, IReadOnlyList<StoredTried> Tried);

    /// <summary>Every experience these members wrote, with its tried entries in the order they were stored.</summary>
    public async Task<IReadOnlyList<StoredExperience>> ExperiencesOfAsync(IReadOnlyCollection<int> memberIds)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        var ids = memberIds.ToList();
        var rows = await db.Experiences.AsNoTracking().Where(e => e.MemberId != null && ids.Contains(e.MemberId.Value))
            .Include(e => e.Tried).ToListAsync();
        return rows.Select(e => new StoredExperience(e.Id, e.QuestionId, e.MemberId, e.Text, e.Status,
            e.Tried.OrderBy(t => t.Id).Select(t => new StoredTried(t.Intervention, t.InterventionKey, t.Outcome, t.Duration, t.SideEffects)).ToList())).ToList();
    }

    /// <summary>
    /// What is wrong with the stored counts of every question of <paramref name="conditionSlug"/>: each question's
    /// published count, latest date and "what people tried" recounted here from the rows (empty when all agree).
    /// </summary>
    public async Task<IReadOnlyList<string>> CountsDifferingFromARecountAsync(string conditionSlug)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        var conditionId = await db.Conditions.Where(c => c.Slug == conditionSlug).Select(c => c.Id).SingleAsync();
        var questions = await db.Questions.AsNoTracking().Where(q => q.ConditionId == conditionId).ToListAsync();
        var questionIds = questions.Select(q => q.Id).ToList();
        var published = await db.Experiences.AsNoTracking()
            .Where(e => questionIds.Contains(e.QuestionId) && e.Status == ExperienceStatus.Published)
            .Include(e => e.Tried).ToListAsync();
        var stored = await db.QuestionTried.AsNoTracking().Where(t => questionIds.Contains(t.QuestionId)).ToListAsync();
        var problems = new List<string>();
        foreach (var question in questions)
        {
            var mine = published.Where(e => e.QuestionId == question.Id).ToList();
            if (question.ExperienceCount != mine.Count)
            {
                problems.Add($"{question.Slug}: ExperienceCount {question.ExperienceCount}, recount {mine.Count}");
            }
            var latest = mine.Count == 0 ? (DateTime?)null : mine.Max(e => e.CreatedAt);
            if (question.LatestExperienceAt != latest)
            {
                problems.Add($"{question.Slug}: LatestExperienceAt {question.LatestExperienceAt:O}, recount {latest:O}");
            }
            var recount = mine.SelectMany(e => e.Tried.Select(t => (Experience: e.Id, t.InterventionKey, t.Intervention, t.Outcome)))
                .GroupBy(t => t.InterventionKey, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (
                    Names: g.Select(t => t.Intervention).ToHashSet(StringComparer.Ordinal),
                    Counts: $"{g.Select(t => t.Experience).Distinct().Count()}"
                        + $"|{g.Where(t => t.Outcome == Outcome.Helped).Select(t => t.Experience).Distinct().Count()}"
                        + $"|{g.Where(t => t.Outcome == Outcome.NoChange).Select(t => t.Experience).Distinct().Count()}"
                        + $"|{g.Where(t => t.Outcome == Outcome.Worse).Select(t => t.Experience).Distinct().Count()}"), StringComparer.Ordinal);
            var kept = stored.Where(t => t.QuestionId == question.Id).ToList();
            foreach (var row in kept)
            {
                var counts = $"{row.People}|{row.Helped}|{row.NoChange}|{row.Worse}";
                if (!recount.TryGetValue(row.InterventionKey, out var expected))
                {
                    problems.Add($"{question.Slug}: what people tried has '{row.InterventionKey}' ({counts}), which no published entry has");
                }
                else if (expected.Counts != counts || !expected.Names.Contains(row.Intervention))
                {
                    problems.Add($"{question.Slug}: what people tried has '{row.InterventionKey}' as '{row.Intervention}' {counts}, recount {expected.Counts}");
                }
            }
            foreach (var missing in recount.Keys.Except(kept.Select(t => t.InterventionKey), StringComparer.Ordinal))
            {
                problems.Add($"{question.Slug}: what people tried lacks '{missing}' ({recount[missing].Counts})");
            }
        }
        return problems;
    }

    /// <summary>The question rows of a condition by slug (a template question has a row once something was written to it).</summary>
    public async Task<Dictionary<string, int>> QuestionIdsAsync(string conditionSlug)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        return await db.Questions.AsNoTracking().Where(q => db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == conditionSlug))
            .ToDictionaryAsync(q => q.Slug, q => q.Id, StringComparer.Ordinal);
    }

    /// <summary>SQLite's own check of the file (pages, indexes, free lists) and of every foreign key.</summary>
    public async Task<(string Integrity, int ForeignKeyViolations)> SqliteCheckAsync()
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var integrity = connection.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        await using (var reader = await integrity.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        await using var foreignKeys = connection.CreateCommand();
        foreignKeys.CommandText = "PRAGMA foreign_key_check";
        var violations = 0;
        await using (var reader = await foreignKeys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                violations++;
            }
        }
        return (string.Join("\n", lines), violations);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
