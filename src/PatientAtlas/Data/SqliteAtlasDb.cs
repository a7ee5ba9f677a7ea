using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PatientAtlas.Data;

public sealed class SqliteAtlasDb(DbContextOptions<SqliteAtlasDb> options) : AtlasDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite stores times as text without a zone; every time we write is UTC, so it is read back as UTC —
    /// the same values, with the same "Z" in the API, as on PostgreSQL.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    public override Task EnsureStorageAsync(CancellationToken cancellationToken)
    {
        var file = new SqliteConnectionStringBuilder(Database.GetConnectionString()).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        return Task.CompletedTask;
    }

    /// <summary>WAL is a property of the file: readers never block the writer, and it survives restarts.</summary>
    public override async Task AfterMigrateAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    /// <summary>A bounded sample per index: enough for the planner, seconds rather than a full scan of every table.</summary>
    public override async Task RefreshStatisticsAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=2000; ANALYZE;", cancellationToken);

    public override async Task<IAsyncDisposable?> BeginReadSnapshotAsync(CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            return null;
        }
        // Deferred: Microsoft.Data.Sqlite begins IMMEDIATE by default, which takes the write lock.
        var transaction = ((SqliteConnection)Database.GetDbConnection()).BeginTransaction(deferred: true);
        await Database.UseTransactionAsync(transaction, cancellationToken);
        return new Snapshot(this, transaction);
    }

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    private sealed class Snapshot(SqliteAtlasDb db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the app.</summary>
public sealed class SqliteAtlasDbDesignFactory : IDesignTimeDbContextFactory<SqliteAtlasDb>
{
    public SqliteAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAtlasDb>().UseSqlite("Data Source=design.db").Options);
}
