using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Search;

/// <summary>
/// Cancellation that stops a statement already running. Npgsql cancels on the server by itself. Microsoft.Data.Sqlite
/// runs statements synchronously and its SqliteCommand.Cancel does nothing: a token is looked at only before a
/// statement starts, so a search whose client had gone kept its core busy to the end. Here the token interrupts the
/// connection (sqlite3_interrupt, safe from another thread while the connection is open, which it is held here).
/// </summary>
public static class QueryCancellation
{
    /// <summary>Runs <paramref name="query"/> so that <paramref name="cancellationToken"/> stops it mid-statement (OperationCanceledException).</summary>
    public static async Task<T> RunAsync<T>(AtlasDb db, Func<CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || db.Database.GetDbConnection() is not SqliteConnection connection)
        {
            return await query(cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var handle = connection.Handle!;
            // Disposing the registration waits for a callback under way, so the interrupt never outlives the open connection.
            using (cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle)))
            {
                return await query(cancellationToken);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The query was interrupted.", e, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
