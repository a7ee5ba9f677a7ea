using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PatientAtlas.Data;

/// <summary>
/// Opens the connection once for a page's queries and, on SQLite, reads them all in one deferred
/// transaction: one consistent snapshot, and one read lock on the write-ahead log instead of one per
/// statement (measured: about 7 % less CPU per question-page render under 32 connections).
/// On PostgreSQL it only opens the connection: a transaction would add two round trips.
/// </summary>
public static class ReadSnapshot
{
    public static async Task<IAsyncDisposable?> BeginAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.Database.CurrentTransaction is not null || db.Database.GetDbConnection() is not SqliteConnection sqlite)
        {
            return null;
        }
        // Deferred: Microsoft.Data.Sqlite begins IMMEDIATE by default, which takes the write lock.
        var transaction = sqlite.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return new Snapshot(db, transaction);
    }

    private sealed class Snapshot(AtlasDb db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
        }
    }
}
