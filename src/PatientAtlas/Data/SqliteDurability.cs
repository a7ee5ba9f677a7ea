using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PatientAtlas.Data;

/// <summary>
/// Per-connection SQLite settings. WAL mode is stored in the file (set once by migrate); these are not:
/// synchronous=FULL makes every committed write durable before we acknowledge it, foreign keys are
/// enforced and a writer waits for a busy database instead of failing.
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
