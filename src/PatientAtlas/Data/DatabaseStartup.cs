using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Demo;

namespace PatientAtlas.Data;

/// <summary>A database that cannot be opened or migrated; the message names the file or server.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

public static class DatabaseStartup
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var where = DataServices.Describe(configuration);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        try
        {
            await db.EnsureStorageAsync(cancellationToken);
            // A migration may rewrite a large table (adding a stored column to a million documents took over
            // 30 s, the default command timeout), and stopping halfway would leave it to be run again.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            // EF Core takes its lock even when nothing is pending; most starts have nothing to migrate and take no lock.
            // Asked only of a database that has tables: on a fresh PostgreSQL database EF Core's own questions (even
            // "does the history exist") read the missing history table and log that failure as an error.
            var history = db.GetService<IHistoryRepository>();
            var applied = await db.GetService<IRelationalDatabaseCreator>().HasTablesAsync(cancellationToken) && await history.ExistsAsync(cancellationToken)
                ? (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(m => m.MigrationId).ToHashSet()
                : [];
            var pending = db.Database.GetMigrations().Any(m => !applied.Contains(m));
            if (pending || await MigrationLock.EfCoreLockRowExistsAsync(db.Database, cancellationToken))
            {
                var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
                await using var held = await MigrationLock.AcquireAsync(
                    db.Provider,
                    options.ConnectionString,
                    where,
                    TimeSpan.FromSeconds(options.MigrationLockTimeoutSeconds),
                    Console.Error.WriteLine,
                    services.GetRequiredService<TimeProvider>(),
                    cancellationToken);
                if (await held.RemoveStaleEfCoreLockAsync(db.Database, cancellationToken))
                {
                    await Console.Error.WriteLineAsync($"removed a stale migrations lock from the {where}, left by a process that stopped while migrating");
                }
                if (pending)
                {
                    // The history table first: EF Core reads it before creating it and logs the failure as an error.
                    await history.CreateIfNotExistsAsync(cancellationToken);
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }
            await db.AfterMigrateAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new StartupException($"cannot open or migrate the {where}: {FirstLine(e)}", e);
        }
    }

    /// <summary>
    /// Migrates, then fills an empty database with the starter catalog and, unless <c>Site:SeedDemo</c> is false,
    /// the demo content. On PostgreSQL several nodes may start at once: an advisory lock lets one of them fill it.
    /// </summary>
    public static async Task PrepareForServingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        // Several nodes may start at once on one PostgreSQL database: one of them fills it.
        await db.InSharedLockAsync(7406281, () => FillIfEmptyAsync(scope.ServiceProvider, db, cancellationToken), cancellationToken);
    }

    private static async Task FillIfEmptyAsync(IServiceProvider services, AtlasDb db, CancellationToken cancellationToken)
    {
        if (await db.Conditions.AnyAsync(cancellationToken))
        {
            if (!await db.SearchNames.AnyAsync(cancellationToken))
            {
                // A database from before search existed: build its index once.
                await Features.Search.SearchIndex.RebuildAllAsync(db, cancellationToken);
            }
            return;
        }
        await StarterCatalog.LoadAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Platform.SiteOptions>>().Value.SeedDemo)
        {
            await services.GetRequiredService<DemoContent>().SeedAsync(cancellationToken);
        }
    }

    private static string FirstLine(Exception e)
    {
        var message = (e.InnerException is DbException inner ? inner.Message : e.Message).Trim();
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].Trim();
    }
}
