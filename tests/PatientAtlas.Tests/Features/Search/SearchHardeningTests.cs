using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Search;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>Search cannot stall the site (issue 12, findings 1 and 5): bounded plans and words, a time budget, a rate limit, an atomic rebuild, a health check.</summary>
public sealed partial class SearchHardeningTests
{
    private static readonly Dictionary<string, string?> Uncached = new() { ["Site:OutputCache"] = "false" };

    [Fact]
    public async Task WithStatisticsOfATinyIndexSearchStillStartsFromTheFullTextIndex()
    {
        await using var app = await AtlasApp.StartAsync(settings: Uncached);
        // The statistics describe the demo content (a few dozen documents); then many documents arrive without them.
        await app.WithDbAsync(db => db.RefreshStatisticsAsync(default));
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgres
            ? """
              INSERT INTO "SearchDocuments" ("Id", "Kind", "SourceId", "ConditionId", "QuestionId", "Language", "Text", "Folded")
              SELECT 1000000 + i, 2, 1000000 + i, d."ConditionId", d."QuestionId", 'en', 'Diet and sleep.', 'diet sleep pain day ' || i
              FROM generate_series(1, 20000) AS i, (SELECT "ConditionId", "QuestionId" FROM "SearchDocuments" LIMIT 1) AS d
              """
            : """
              WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
              INSERT INTO "SearchDocuments" ("Id", "Kind", "SourceId", "ConditionId", "QuestionId", "Language", "Text", "Folded")
              SELECT 1000000 + i, 2, 1000000 + i, d."ConditionId", d."QuestionId", 'en', 'Diet and sleep.', 'diet sleep pain day ' || i
              FROM n, (SELECT "ConditionId", "QuestionId" FROM "SearchDocuments" LIMIT 1) AS d
              """));

        using var recorder = new CommandRecorder(app.Database);
        await app.GetDocumentAsync("/search?q=diet");
        var fullText = recorder.Commands.Where(c => c.Sql.Contains("MATCH", StringComparison.Ordinal) || c.Sql.Contains("@@", StringComparison.Ordinal)).ToList();
        Assert.Contains(fullText, c => c.Sql.Contains("count(*)", StringComparison.Ordinal));
        foreach (var command in fullText)
        {
            var plan = await CommandRecorder.PlanAsync(app.Database, command);
            if (TestDatabase.IsPostgres)
            {
                // Every full-text query stops after a bounded number of rows, whatever the planner estimates.
                Assert.Contains(plan, line => line.TrimStart().StartsWith("Limit", StringComparison.Ordinal) || line.Contains("-> Limit", StringComparison.Ordinal));
                continue;
            }
            // The full-text table drives the join: documents (or names) are then looked up by primary key, once per match.
            var first = plan.First(line => line.StartsWith("SCAN", StringComparison.Ordinal) || line.StartsWith("SEARCH", StringComparison.Ordinal));
            Assert.True(first.Contains("_fts VIRTUAL TABLE", StringComparison.Ordinal), $"{command.Sql}\n{string.Join('\n', plan)}");
            Assert.DoesNotContain(plan, line => line.StartsWith("SCAN d", StringComparison.Ordinal) || line.StartsWith("SCAN n", StringComparison.Ordinal)
                || line.Contains("USING INTEGER PRIMARY KEY (rowid>", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("a b c d e f g h")]
    [InlineData("a")]
    [InlineData("symptoms diet sleep pain fatigue work doctor treatment")]
    [InlineData("ms diet sl tr ex al wo do")]
    public async Task SingleLettersAndManyWordsAreBounded(string query)
    {
        await using var app = await AtlasApp.StartAsync(settings: Uncached);
        using var recorder = new CommandRecorder(app.Database);
        await app.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query));
        await app.GetDocumentAsync("/api/v1/search/suggest?q=" + Uri.EscapeDataString(query));

        var prefix = TestDatabase.IsPostgres ? OnePrefixPostgres() : OnePrefixSqlite();
        var anyPrefix = TestDatabase.IsPostgres ? PrefixPostgres() : PrefixSqlite();
        var expressions = recorder.Commands
            .Where(c => c.Sql.Contains("MATCH", StringComparison.Ordinal) || c.Sql.Contains("to_tsquery", StringComparison.Ordinal))
            .SelectMany(c => c.Parameters.Select(p => (Documents: c.Sql.Contains("SearchDocuments", StringComparison.Ordinal), Text: p.Value as string))
                .Where(p => p.Text is not null && (p.Text.Contains('"') || p.Text.Contains('\''))))
            .ToList();
        Assert.NotEmpty(expressions);
        foreach (var (documents, text) in expressions)
        {
            // A one-letter prefix unions the doclists of every word with that letter: one at most, and never in documents.
            Assert.True(prefix.Count(text!) <= (documents ? 0 : 1), text);
            if (documents)
            {
                Assert.True(text!.Split(TestDatabase.IsPostgres ? " & " : " AND ").Length <= SearchText.MaxDocumentWords, text);
                Assert.True(anyPrefix.Count(text) <= SearchText.MaxDocumentPrefixes, text);
            }
        }
    }

    [GeneratedRegex("\"[a-z0-9]\"\\*")]
    private static partial Regex OnePrefixSqlite();

    [GeneratedRegex("'[a-z0-9]':\\*")]
    private static partial Regex OnePrefixPostgres();

    [GeneratedRegex("\"\\*")]
    private static partial Regex PrefixSqlite();

    [GeneratedRegex("':\\*")]
    private static partial Regex PrefixPostgres();

    [Fact]
    public async Task CancellationStopsAStatementAlreadyRunning()
    {
        await using var app = await AtlasApp.StartAsync();
        // Hours of work for either database: the test ends only because the statement is stopped.
        var endless = TestDatabase.IsPostgres
            ? "WITH RECURSIVE n(i) AS (SELECT 1::bigint UNION ALL SELECT i + 1 FROM n WHERE i < 100000000000) SELECT count(*) AS \"Value\" FROM n"
            : "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000000) SELECT count(*) AS \"Value\" FROM n";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await app.WithDbAsync(async db =>
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                QueryCancellation.RunAsync(db, ct => db.Database.SqlQueryRaw<long>(endless).SingleAsync(ct), cancellation.Token));
            // The connection goes on serving.
            Assert.True(await db.Conditions.AnyAsync());
        });
    }

    [Fact]
    public async Task ASearchOutOfTimeSaysSoAndIsNotCached()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Search:TimeBudgetMilliseconds"] = "0" });
        foreach (var path in new[] { "/search?q=hfs%20diet", "/es/search?q=hfs%20diet", "/search?q=hfs%20diet" })
        {
            var document = await app.GetDocumentAsync(path);
            Assert.NotNull(document.QuerySelector("p.search-timed-out[role=status]"));
            Assert.Null(document.QuerySelector("p.no-results"));
        }
        using var suggest = await app.Client.GetAsync("/api/v1/search/suggest?q=hemif");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, suggest.StatusCode);
    }

    [Fact]
    public async Task TheSearchPageIsRateLimitedPerClient()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Site:SearchRequestsPerMinute"] = "3",
            ["Site:ApiRequestsPerMinute"] = "2",
        });
        foreach (var path in new[] { "/search?q=hfs", "/search?q=hfs", "/es/search?q=als" })
        {
            using var ok = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        foreach (var path in new[] { "/search?q=hfs", "/es/search?q=celiac" })
        {
            using var limited = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }
        // Other pages keep their own budget.
        using var home = await app.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        for (var i = 0; i < 2; i++)
        {
            using var ok = await app.Client.GetAsync("/api/v1/search/suggest?q=hemif" + i);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var suggest = await app.Client.GetAsync("/api/v1/search/suggest?q=hemif");
        Assert.Equal(HttpStatusCode.TooManyRequests, suggest.StatusCode);
    }

    [Fact]
    public async Task ARebuildKilledHalfWayLeavesTheOldIndexAndTheNextOneCleansUp()
    {
        await using var app = await AtlasApp.StartAsync(settings: Uncached);
        // An experience past the first 50,000 ids, where a full rebuild has committed part of its work.
        const string marker = "quokka";
        var (conditionId, questionId) = await Community.QuestionAsync(app, "hemifacial-spasm", "diet");
        await app.WriteAsync(db =>
        {
            db.Experiences.Add(new Experience
            {
                Id = 60_000, QuestionId = questionId, ConditionId = conditionId, AuthorPseudonym = "member", Relation = Relation.Affected,
                Text = $"A {marker} helped.", Language = "en", Status = ExperienceStatus.Published, CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            });
        });
        var reindex = await app.RunVerbAsync("reindex");
        Assert.True(reindex.ExitCode == 0, reindex.Error);
        Assert.Equal(1, await app.ExperiencesFoundAsync(marker));
        var experiences = await app.ExperiencesFoundAsync("hfs diet");
        Assert.True(experiences > 0);

        // The rebuild dies while writing the marker's document (the process killed, the disk full).
        var options = TestDatabase.IsPostgres
            ? new DbContextOptionsBuilder<PostgresAtlasDb>().UseNpgsql(app.Database.ConnectionString).AddInterceptors(new DiesWriting(marker)).Options
            : (DbContextOptions)new DbContextOptionsBuilder<SqliteAtlasDb>().UseSqlite(app.Database.ConnectionString).AddInterceptors(new DiesWriting(marker)).Options;
        await using (var db = TestDatabase.IsPostgres ? (AtlasDb)new PostgresAtlasDb((DbContextOptions<PostgresAtlasDb>)options) : new SqliteAtlasDb((DbContextOptions<SqliteAtlasDb>)options))
        {
            var killed = await Assert.ThrowsAnyAsync<Exception>(() => SearchIndex.For(db).ReindexDocumentsAsync(null, default));
            Assert.Contains("killed", killed.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, await app.ExperiencesFoundAsync(marker));
        Assert.Equal(experiences, await app.ExperiencesFoundAsync("hfs diet"));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/healthz")).StatusCode);

        reindex = await app.RunVerbAsync("reindex");
        Assert.True(reindex.ExitCode == 0, reindex.Error);
        Assert.Equal(1, await app.ExperiencesFoundAsync(marker));
        Assert.Equal(experiences, await app.ExperiencesFoundAsync("hfs diet"));
        if (!TestDatabase.IsPostgres)
        {
            var leftovers = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE name LIKE '%_next%'").ToListAsync());
            Assert.Empty(leftovers);
        }
    }

    [Fact]
    public async Task HealthSaysUnhealthyWhenTheFullTextIndexIsBroken()
    {
        await using var app = await AtlasApp.StartAsync();
        using (var healthy = await app.Client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgres
            ? "DROP INDEX \"IX_SearchDocuments_Vector\""
            : "DROP TRIGGER search_docs_ai"));
        using (var broken = await app.Client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
            Assert.Equal("Unhealthy", await broken.Content.ReadAsStringAsync());
        }
        if (!TestDatabase.IsPostgres)
        {
            var reindex = await app.RunVerbAsync("reindex");
            Assert.True(reindex.ExitCode == 0, reindex.Error);
            using (var repaired = await app.Client.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
            }
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER search_docs_ad; DROP TABLE search_docs_fts;"));
            using var dropped = await app.Client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, dropped.StatusCode);
        }
    }


    /// <summary>Fails the statement that writes a search document holding <paramref name="marker"/>, as a kill would stop it.</summary>
    private sealed class DiesWriting(string marker) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("INSERT INTO \"SearchDocuments", StringComparison.Ordinal)
                && command.Parameters.Cast<DbParameter>().Any(p => p.Value is string s && s.Contains(marker, StringComparison.Ordinal)))
            {
                throw new IOException("killed half-way through the rebuild");
            }
            return ValueTask.FromResult(result);
        }
    }
}
