using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

public sealed class StartupTests
{
    [Fact]
    public async Task HelpListsEveryVerb()
    {
        await using var database = await TestDatabase.CreateAsync();
        var result = await Verb.RunAsync(database, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "serve", "migrate", "seed-demo", "remove-demo" })
        {
            Assert.Contains(verb, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MigrateCreatesTheSchemaAndAnUnknownVerbFailsWithOneLine()
    {
        await using var database = await TestDatabase.CreateAsync();
        var migrate = await Verb.RunAsync(database, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Error);
        // The schema is there and empty: migrate creates tables and loads nothing.
        await using (System.Data.Common.DbConnection connection = database.Provider == "Sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString)
            : new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM \"Conditions\"";
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        var unknown = await Verb.RunAsync(database, "frobnicate");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("frobnicate", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseThatCannotBeOpenedStopsTheStartWithOneLineNamingIt()
    {
        await using var database = await TestDatabase.CreateAsync();
        var broken = database.Provider == "Sqlite"
            ? "Data Source=/proc/atlas-cannot-be-here/atlas.db"
            : "Host=127.0.0.1;Port=1;Username=postgres;Database=atlas_missing;Timeout=3";
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PatientAtlas.dll"));
        start.ArgumentList.Add("serve");
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["ConnectionStrings__Default"] = broken;
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(database.Provider == "Sqlite" ? "/proc/atlas-cannot-be-here/atlas.db" : "127.0.0.1:1", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConfiguredDatabaseIsUsedAndSqliteWritesAreDurable()
    {
        await using var app = await AtlasApp.StartAsync(prepare: true);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(TestDatabase.IsPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
            if (!TestDatabase.IsPostgres)
            {
                Assert.Equal("wal", await Pragma(db, "journal_mode"));
                Assert.Equal("2", await Pragma(db, "synchronous"));
                Assert.Equal("1", await Pragma(db, "foreign_keys"));
                Assert.Equal("10000", await Pragma(db, "busy_timeout"));
            }
        });
    }

    private static async Task<string> Pragma(PatientAtlas.Data.AtlasDb db, string name)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
