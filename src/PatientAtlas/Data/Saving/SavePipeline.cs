using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using PatientAtlas.Platform;

namespace PatientAtlas.Data.Saving;

/// <summary>
/// Every save of <see cref="AtlasDb"/> goes through here. Before the save it reads the change set from the change
/// tracker (deleted rows' keys and original values are only known then); after it, inside the same transaction, it
/// asks every registered <see cref="ISaveEffect"/> (recounts, search documents, cache tags), saves what they wrote
/// and one change note carrying the tags, so other nodes evict the same pages. This node evicts those tags after the
/// commit: at once for a save that opened its own transaction, at the caller's commit when the caller opened one
/// (never on rollback). A save that writes only rows no effect follows costs nothing extra.
/// </summary>
public sealed class SavePipeline(IEnumerable<ISaveEffect> effects, ContentChanges changes, TimeProvider clock) : SaveChangesInterceptor
{
    /// <summary>More tags than this in one note are written as "every page" (a bulk change).</summary>
    public const int MaxNoteTags = 100;

    private readonly ISaveEffect[] _effects = [.. effects.OrderBy(e => e.Order)];
    private readonly ConcurrentDictionary<Type, bool> _followed = new();

    /// <summary>The transaction half: evicts what committed, forgets what rolled back.</summary>
    public DbTransactionInterceptor Commits { get; } = new CommitWatch(changes);

    public IReadOnlyList<ISaveEffect> Effects => _effects;

    private bool Followed(Type type) => _followed.GetOrAdd(type, t => _effects.Any(e => e.Follows.Any(f => f.IsAssignableFrom(t))));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AtlasDb db && !db.Saving.Applying && Collect(db) is not null)
        {
            db.Saving.Unit = null;
            throw new InvalidOperationException("Rows with save effects are saved with SaveChangesAsync (the pipeline's effects run asynchronously).");
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not AtlasDb db || db.Saving.Applying || Collect(db) is not { } unit)
        {
            return result;
        }
        db.Saving.Unit = unit;
        if (db.Database.CurrentTransaction is null)
        {
            // Its own transaction holds the rows and their effects; no savepoint is needed inside it.
            db.Saving.Owned = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Database.AutoSavepointsEnabled = false;
        }
        return result;
    }

    private SaveUnit? Collect(AtlasDb db)
    {
        db.ChangeTracker.DetectChanges();
        var rows = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Followed(e.Metadata.ClrType))
            .Select(e => new RowChange(e)).ToList();
        if (rows.Count == 0 && db.Saving.Changed.IsEmpty)
        {
            return null;
        }
        return new SaveUnit(db, rows, db.Saving.Changed.Take(), clock.GetUtcNow().UtcDateTime);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not AtlasDb db || db.Saving.Applying || db.Saving.Unit is not { } unit)
        {
            return result;
        }
        db.Saving.Unit = null;
        var owned = db.Saving.Owned;
        db.Saving.Owned = null;
        try
        {
            db.Saving.Applying = true;
            foreach (var effect in _effects)
            {
                await effect.ApplyAsync(unit, cancellationToken);
            }
            if (unit.Tags.Count > 0)
            {
                var tags = unit.Tags.Count > MaxNoteTags ? [PagePolicy.AllPages] : unit.Tags;
                db.ContentChanges.Add(new ContentChange { ChangedAt = unit.Now, Tags = string.Join('\n', tags) });
                db.Saving.Pending.UnionWith(tags);
            }
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch
        {
            db.Saving.Applying = false;
            if (owned is not null)
            {
                db.Database.AutoSavepointsEnabled = true;
                // The rows were accepted before their effects failed; none of it committed.
                await owned.DisposeAsync();
                db.ChangeTracker.Clear();
            }
            throw;
        }
        db.Saving.Applying = false;
        if (owned is not null)
        {
            db.Database.AutoSavepointsEnabled = true;
            await owned.CommitAsync(cancellationToken);
            await owned.DisposeAsync();
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AtlasDb db && !db.Saving.Applying)
        {
            db.Saving.Unit = null;
            if (db.Saving.Owned is { } owned)
            {
                db.Saving.Owned = null;
                db.Database.AutoSavepointsEnabled = true;
                await owned.DisposeAsync();
            }
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is AtlasDb db && !db.Saving.Applying)
        {
            db.Saving.Unit = null;
        }
    }

    /// <summary>Evicts a transaction's tags when it commits; a rollback, a failed commit or a new transaction forgets them.</summary>
    private sealed class CommitWatch(ContentChanges changes) : DbTransactionInterceptor
    {
        public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is AtlasDb db && db.Saving.Pending.Count > 0)
            {
                string[] tags = [.. db.Saving.Pending];
                db.Saving.Pending.Clear();
                await changes.EvictTagsAsync(tags, CancellationToken.None);
            }
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
        {
            if (eventData.Context is AtlasDb db && db.Saving.Pending.Count > 0)
            {
                string[] tags = [.. db.Saving.Pending];
                db.Saving.Pending.Clear();
                // The output cache store evicts in memory; a synchronous commit waits for it.
                changes.EvictTagsAsync(tags, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Forget(eventData.Context);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

        public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Forget(eventData.Context);
            return Task.CompletedTask;
        }

        public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            // What a transaction disposed without commit (or rollback) left is forgotten with it.
            Forget(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            Forget(eventData.Context);
            return result;
        }

        private static void Forget(DbContext? context)
        {
            if (context is AtlasDb db)
            {
                db.Saving.Pending.Clear();
            }
        }
    }
}

/// <summary>A context's place in the pipeline between the steps of a save (pooled contexts keep it; every step resets what it used).</summary>
public sealed class SaveState
{
    public ChangeScope Changed { get; } = new();

    internal SaveUnit? Unit { get; set; }

    internal IDbContextTransaction? Owned { get; set; }

    internal bool Applying { get; set; }

    /// <summary>Tags saved in the open transaction, evicted when it commits.</summary>
    internal HashSet<string> Pending { get; } = new(StringComparer.Ordinal);
}
