using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace PatientAtlas.Data;

/// <summary>
/// The lock every migration of this application runs inside, of a kind that dies with its holder, so a start that was
/// killed while migrating can never keep the next one from starting.
/// </summary>
/// <remarks>
/// EF Core's own lock is not enough. On SQLite it is a row in <c>__EFMigrationsLock</c>, inserted by MigrateAsync and
/// deleted when it ends: a process killed in between leaves the row, and every later MigrateAsync waits for it forever
/// without a word. On PostgreSQL, Npgsql takes <c>LOCK TABLE "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE</c> inside
/// each migration's transaction, which the server releases when the holder's session ends.
/// <para>
/// SQLite: an exclusive <see cref="FileStream"/> on <c>&lt;database&gt;.migrations.lock</c>. .NET on Unix implements
/// <see cref="FileShare.None"/> with <c>flock(LOCK_EX)</c>, which the kernel drops when the process exits or is killed.
/// Since every migration here runs inside it, its holder knows that an EF Core lock row is stale and removes it. (A
/// file system without flock, such as some network mounts, or DOTNET_SYSTEM_IO_DISABLEFILELOCKING makes the lock a no-op;
/// SQLite itself is not safe on such mounts.)
/// </para>
/// <para>
/// PostgreSQL: a session advisory lock on a connection of its own, outside the pool, which ends with the session. It lets
/// a waiting start say who holds it and give up in time, where waiting on EF Core's table lock would be silent.
/// </para>
/// </remarks>
internal sealed class MigrationLock : IAsyncDisposable
{
    /// <summary>The advisory lock key of migrations (the lock that fills an empty database is 7406281).</summary>
    public const long PostgresKey = 7406282;

    private const string EfCoreLockTable = "__EFMigrationsLock";

    // How .NET reports a file locked through another open file: flock's EWOULDBLOCK (11 on Linux, 35 on macOS) or
    // Windows' sharing violation. Any other IOException is a real failure to open the file.
    private static readonly int[] HeldElsewhere = [11, 35, unchecked((int)0x80070020)];

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private readonly FileStream? _file;
    private readonly NpgsqlConnection? _session;

    private MigrationLock(FileStream? file, NpgsqlConnection? session)
    {
        _file = file;
        _session = session;
    }

    /// <summary>The file that carries the lock of a SQLite database.</summary>
    public static string LockFileOf(string sqliteConnectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(sqliteConnectionString).DataSource) + ".migrations.lock";

    /// <summary>
    /// Takes the lock, waiting for a live holder: one line through <paramref name="report"/> says what it waits for, and
    /// after <paramref name="timeout"/> a <see cref="StartupException"/> names the holder and how to clear it.
    /// </summary>
    public static async Task<MigrationLock> AcquireAsync(
        DatabaseProvider provider,
        string connectionString,
        string where,
        TimeSpan timeout,
        Action<string> report,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            try
            {
                await session.OpenAsync(cancellationToken);
                await WaitAsync(ct => TryAdvisoryLockAsync(session, ct), ct => DescribePostgresHolderAsync(session, ct), where, timeout, report, time, cancellationToken);
                return new MigrationLock(null, session);
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            // A private in-memory database has one process by definition.
            return new MigrationLock(null, null);
        }
        var path = LockFileOf(connectionString);
        FileStream? file = null;
        await WaitAsync(
            _ => Task.FromResult((file = TryLockFile(path)) is not null),
            _ => Task.FromResult(new Holder($"another process holds '{path}'", $"`fuser {path}` names it")),
            where, timeout, report, time, cancellationToken);
        return new MigrationLock(file, null);
    }

    /// <summary>
    /// Whether EF Core's SQLite lock row is there: held by a migration under way, or left by one that was killed.
    /// (Npgsql's lock is a table lock, never a row.)
    /// </summary>
    public static async Task<bool> EfCoreLockRowExistsAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (!database.IsSqlite())
        {
            return false;
        }
        var tables = await database
            .SqlQuery<long>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {EfCoreLockTable}")
            .SingleAsync(cancellationToken);
        return tables > 0 && await database
            .SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM \"{EfCoreLockTable}\"")
            .SingleAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Removes EF Core's SQLite lock row, which only a dead process can have left while this lock's file is held; true
    /// when there was one. (An in-memory database has no other process, and PostgreSQL has no row.)
    /// </summary>
    public async Task<bool> RemoveStaleEfCoreLockAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (_file is null || !await EfCoreLockRowExistsAsync(database, cancellationToken))
        {
            return false;
        }
        await database.ExecuteSqlRawAsync($"DELETE FROM \"{EfCoreLockTable}\"", cancellationToken);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            // The file stays: deleting it would let a waiter lock a file that a third process then creates anew.
            await _file.DisposeAsync();
        }
        if (_session is not null)
        {
            // Closing the unpooled session ends it, and the advisory lock with it.
            await _session.DisposeAsync();
        }
    }

    private sealed record Holder(string What, string HowToClear);

    private static async Task WaitAsync(
        Func<CancellationToken, Task<bool>> tryTake,
        Func<CancellationToken, Task<Holder>> describeHolder,
        string where,
        TimeSpan timeout,
        Action<string> report,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var giveUp = new CancellationTokenSource(timeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, giveUp.Token);
        Holder? holder = null;
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        while (!await tryTake(cancellationToken))
        {
            if (holder is null)
            {
                holder = await describeHolder(cancellationToken);
                report($"waiting for the migrations lock on the {where}: {holder.What}; giving up after {seconds} s (Database:MigrationLockTimeoutSeconds)");
            }
            try
            {
                await Task.Delay(Poll, time, waiting.Token);
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The holder may have changed meanwhile: name the one that holds it now.
                holder = await describeHolder(cancellationToken);
                throw new StartupException(
                    $"gave up after {seconds} s waiting for the migrations lock on the {where}: {holder.What}; " +
                    $"let that migration finish or stop it ({holder.HowToClear}), then start again");
            }
        }
    }

    private static FileStream? TryLockFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException e) when (HeldElsewhere.Contains(e.HResult))
        {
            return null;
        }
    }

    private static async Task<bool> TryAdvisoryLockAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", session);
        command.Parameters.AddWithValue("key", PostgresKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Holder> DescribePostgresHolderAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        // A bigint advisory key is stored as classid (high 32 bits), objid (low 32 bits) and objsubid 1.
        await using var command = new NpgsqlCommand(
            """
            SELECT a.pid, coalesce(host(a.client_addr), 'local socket'), to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid::bigint = @key AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, session);
        command.Parameters.AddWithValue("key", PostgresKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new Holder("another session holds it", "it was released meanwhile");
        }
        var pid = reader.GetInt32(0);
        return new Holder(
            $"PostgreSQL backend pid {pid} (client {reader.GetString(1)}, connected {reader.GetString(2)}) holds it",
            $"SELECT pg_terminate_backend({pid}) ends that session");
    }
}
