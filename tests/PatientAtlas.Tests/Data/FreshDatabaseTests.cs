using System.Diagnostics;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Data;

/// <summary>
/// The first start on a new database is what every newcomer and every new installation sees: one migration per
/// provider, and not one warning or error in the log (EF Core's own migration questions used to log a failed read of
/// the missing history table on PostgreSQL, and SQLite table rebuilds warned about their PRAGMA at every start).
/// </summary>
public sealed class FreshDatabaseTests
{
    [Fact]
    public async Task AFreshDatabaseMigratesWithoutAWarningAndStartsAgainWithoutOne()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await MigrateAsync(database);
        Assert.True(first.ExitCode == 0, first.Log);
        Assert.DoesNotMatch(@"(?m)^(warn|fail|crit):", first.Log);

        var again = await MigrateAsync(database);
        Assert.True(again.ExitCode == 0, again.Log);
        Assert.DoesNotMatch(@"(?m)^(warn|fail|crit):", again.Log);

    }

    private static async Task<(int ExitCode, string Log)> MigrateAsync(TestDatabase database)
    {
        var start = Verb.StartInfo(database, ["migrate"]);
        // Everything EF Core and ASP.NET Core say at warning level and above, as an operator's default log shows it.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
