using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Data;

/// <summary>
/// Refuses to save questions, experiences, summaries and their parts except through <see cref="QuestionWrites"/>,
/// which keeps each question's counts, its search documents, the change notes and the page cache in step with
/// the write. A write path that forgets it fails the first time it runs, in its own tests.
/// </summary>
public sealed class CommunityWriteGuard : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Open = [];

    /// <summary>Lets <paramref name="db"/> save community content until the result is disposed.</summary>
    public static IDisposable Allow(DbContext db)
    {
        Open.AddOrUpdate(db, db);
        return new Closing(db);
    }

    public static bool IsCommunityEntity(object entity) =>
        entity is Question or Experience or TriedEntry or Summary or SummaryRevision or Citation or Reviewer;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? db)
    {
        if (db is null || Open.TryGetValue(db, out _))
        {
            return;
        }
        var entry = db.ChangeTracker.Entries()
            .FirstOrDefault(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsCommunityEntity(e.Entity));
        if (entry is not null)
        {
            throw new InvalidOperationException(
                $"{entry.Metadata.ClrType.Name} rows are saved through QuestionWrites, which keeps counts, search and cached pages in step with them.");
        }
    }

    private sealed class Closing(DbContext db) : IDisposable
    {
        public void Dispose() => Open.Remove(db);
    }
}
