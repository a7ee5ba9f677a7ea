using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PatientAtlas.Data;

public sealed class PostgresAtlasDb(DbContextOptions<PostgresAtlasDb> options) : AtlasDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <summary>The migrations lock lives in the database, so the database must exist before it is taken.</summary>
    public override async Task EnsureStorageAsync(CancellationToken cancellationToken)
    {
        var creator = this.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another node created it first.
        }
    }

    public override async Task RefreshStatisticsAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);

    /// <summary>Only opens the connection: a transaction would add two round trips, and each statement sees a consistent snapshot anyway.</summary>
    public override async Task<IAsyncDisposable?> BeginReadSnapshotAsync(CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        return null;
    }

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Under READ COMMITTED an UPDATE that waits for another writer's row lock still computes its subqueries from the
    /// snapshot it began with, so two concurrent recounts lost each other's experience (6 writers, a count of 2). Taking
    /// the lock first, in a statement of its own, gives the recount a snapshot from after the other writer committed.
    /// NO KEY UPDATE does not conflict with the KEY SHARE locks that inserting an experience takes on its question.
    /// </summary>
    public override async Task LockQuestionsForRecountAsync(IReadOnlyCollection<int> questionIds, CancellationToken cancellationToken)
    {
        var ids = questionIds.Order().ToArray();
        await Database.ExecuteSqlAsync($"SELECT 1 FROM \"Questions\" WHERE \"Id\" = ANY({ids}) ORDER BY \"Id\" FOR NO KEY UPDATE", cancellationToken);
    }

    public override async Task InSharedLockAsync(long key, Func<Task> work, CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", cancellationToken);
        try
        {
            await work();
        }
        finally
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", CancellationToken.None);
            await Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Byte order ("C") where order or prefixes matter, whatever locale the server was created with: the A–Z index
    /// sorts by code point as SQLite does, and a search-name prefix is an index range.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Features.Catalog.Condition>().Property(c => c.SortKey).UseCollation("C");
        builder.Entity<Features.Search.SearchName>().Property(n => n.Folded).UseCollation("C");
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresAtlasDbDesignFactory : IDesignTimeDbContextFactory<PostgresAtlasDb>
{
    public PostgresAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAtlasDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
