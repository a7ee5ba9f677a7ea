using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using PatientAtlas.Data;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>
/// A start killed while migrating must not keep the site from ever starting again (issue 12, finding 2). Each start is
/// the real executable; each wait is bounded, so a start that hangs fails the test instead of stalling the suite.
/// </summary>
public sealed class MigrationLockTests
{
    // Far more than a start needs on a busy machine; a start blocked by a stale lock never ends at all.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> Listening = new() { ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information" };

    [Fact]
    public async Task TheLockAKilledMigrationLeavesBlocksNeitherMigrateNorServe()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Killed during its first migration: EF Core's lock row is there, the schema is not.
        await LeaveWhatAKilledHolderLeavesAsync(database);

        var migrate = await Verb.RunAsync(database, Bound, "migrate");

        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM \"Conditions\""));
        Assert.False(await EfCoreLockRowExistsAsync(database));

        // Killed at a later start, with nothing left to migrate: serve starts and answers.
        await LeaveWhatAKilledHolderLeavesAsync(database);
        await using var serve = VerbProcess.Start(database, Listening, "serve", "--urls", "http://127.0.0.1:0");
        var line = await serve.WaitForLineAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal), Bound);
        using var client = new HttpClient { BaseAddress = new Uri(line[line.IndexOf("http", StringComparison.Ordinal)..].Trim()) };
        using var health = await client.GetAsync("/healthz");
        Assert.True(health.IsSuccessStatusCode, $"{(int)health.StatusCode}\n{serve.Error}");
        Assert.False(await EfCoreLockRowExistsAsync(database));
    }

    [Fact]
    public async Task AStartKilledWhileHoldingTheLockDoesNotBlockTheNextStart()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var blocker = await OpenAsync(database))
        {
            // A live writer keeps the start inside its migration while it holds the lock, so the kill lands there.
            await HoldTheDatabaseAgainstMigrationAsync(database, blocker);
            await using var start = VerbProcess.Start(database, null, "migrate");
            await WaitUntilItHoldsTheLockInsideMigrationAsync(database, blocker, start);

            start.Kill();
            var killed = await start.WaitForExitAsync(Bound);
            Assert.True(killed.ExitCode == 137, $"exit {killed.ExitCode}: it ended before it was killed\n{killed.Error}");
            await ExecuteAsync(blocker, "ROLLBACK");
        }

        var next = await Verb.RunAsync(database, Bound, "migrate");

        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM \"Conditions\""));
        Assert.False(await EfCoreLockRowExistsAsync(database));
    }

    [Fact]
    public async Task AStartWaitsForALiveHolderSaysWhatItWaitsForAndThenMigrates()
    {
        await using var database = await TestDatabase.CreateAsync();
        var held = await AcquireAsync(database);
        VerbProcess start;
        try
        {
            start = VerbProcess.Start(database, null, "migrate");
            var waiting = await start.WaitForLineAsync(l => l.StartsWith("waiting for the migrations lock", StringComparison.Ordinal), Bound);
            Assert.Contains(TestDatabase.IsPostgres ? "PostgreSQL backend pid " : MigrationLock.LockFileOf(database.ConnectionString), waiting, StringComparison.Ordinal);
        }
        finally
        {
            await held.DisposeAsync();
        }
        await using (start)
        {
            var result = await start.WaitForExitAsync(Bound);

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Single(Lines(result.Error));
        }
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM \"Conditions\""));
    }

    [Fact]
    public async Task AStartGivesUpOnAHolderThatOutlastsTheTimeoutWithOneLineNamingIt()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var held = await AcquireAsync(database);
        await using var start = VerbProcess.Start(database, new Dictionary<string, string> { ["Database__MigrationLockTimeoutSeconds"] = "1" }, "migrate");

        var result = await start.WaitForExitAsync(Bound);

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result.Error);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("waiting for the migrations lock", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("error: gave up after 1 s waiting for the migrations lock", lines[1], StringComparison.Ordinal);
        Assert.Contains(TestDatabase.IsPostgres ? "pg_terminate_backend(" : "fuser " + MigrationLock.LockFileOf(database.ConnectionString), lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStartWithNothingToMigrateTakesNoLock()
    {
        await using var database = await TestDatabase.CreateAsync();
        var first = await Verb.RunAsync(database, Bound, "migrate");
        Assert.True(first.ExitCode == 0, first.Error);
        await using var held = await AcquireAsync(database);

        var again = await Verb.RunAsync(database, Bound, "migrate");

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Empty(Lines(again.Error));
    }

    private static Task<MigrationLock> AcquireAsync(TestDatabase database) =>
        MigrationLock.AcquireAsync(
            Enum.Parse<DatabaseProvider>(database.Provider), database.ConnectionString, "test database", Bound, _ => { }, TimeProvider.System, CancellationToken.None);

    /// <summary>
    /// SQLite: EF Core's lock row (its own table and row, as its SQLite provider writes them). PostgreSQL: nothing, since
    /// Npgsql's lock is a table lock in the migration's transaction, gone with the killed holder's session.
    /// </summary>
    private static async Task LeaveWhatAKilledHolderLeavesAsync(TestDatabase database)
    {
        if (TestDatabase.IsPostgres)
        {
            return;
        }
        await using var connection = await OpenAsync(database);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT OR IGNORE INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-11-25 04:25:27.0000000+00:00');
            """);
    }

    /// <summary>
    /// An open transaction that a migration must wait for. SQLite: a write transaction (after leaving a stale EF Core lock
    /// row, which the start must remove first). PostgreSQL: a share lock on the history table, which lets the start read
    /// which migrations are pending but keeps EF Core's exclusive table lock waiting.
    /// </summary>
    private static async Task HoldTheDatabaseAgainstMigrationAsync(TestDatabase database, DbConnection blocker)
    {
        if (TestDatabase.IsPostgres)
        {
            // EF Core's own definition of the table, committed before the transaction begins.
            await ExecuteAsync(blocker, """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL, "ProductVersion" character varying(32) NOT NULL, CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"))
                """);
            await ExecuteAsync(blocker, "BEGIN");
            await ExecuteAsync(blocker, """LOCK TABLE "__EFMigrationsHistory" IN ACCESS SHARE MODE""");
            return;
        }
        await LeaveWhatAKilledHolderLeavesAsync(database);
        await ExecuteAsync(blocker, "BEGIN IMMEDIATE");
    }

    /// <summary>
    /// Polls until the start holds the migrations lock while its migration waits for the blocker. SQLite: the lock file is
    /// locked. PostgreSQL: the advisory lock is granted and a lock on the history table is waited for.
    /// </summary>
    private static async Task WaitUntilItHoldsTheLockInsideMigrationAsync(TestDatabase database, DbConnection blocker, VerbProcess start)
    {
        for (var polls = 0; polls < Bound.TotalMilliseconds / 50; polls++)
        {
            if (TestDatabase.IsPostgres ? await PostgresHolderIsInsideMigrationAsync(blocker) : SqliteLockFileIsHeld(database))
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"the start never held the migrations lock\nstdout:\n{start.Output}\nstderr:\n{start.Error}");
    }

    private static bool SqliteLockFileIsHeld(TestDatabase database)
    {
        try
        {
            using var probe = new FileStream(MigrationLock.LockFileOf(database.ConnectionString), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<bool> PostgresHolderIsInsideMigrationAsync(DbConnection blocker)
    {
        await using var command = blocker.CreateCommand();
        command.CommandText = $"""
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid::bigint = {MigrationLock.PostgresKey}
                           AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
               AND EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'relation' AND NOT granted AND relation = '"__EFMigrationsHistory"'::regclass)
            """;
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> EfCoreLockRowExistsAsync(TestDatabase database)
    {
        if (TestDatabase.IsPostgres)
        {
            return false;
        }
        return await ScalarAsync(database, "SELECT COUNT(*) FROM sqlite_master WHERE name = '__EFMigrationsLock'") > 0
            && await ScalarAsync(database, "SELECT COUNT(*) FROM \"__EFMigrationsLock\"") > 0;
    }

    private static async Task<DbConnection> OpenAsync(TestDatabase database)
    {
        DbConnection connection = TestDatabase.IsPostgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
