using Microsoft.Data.Sqlite;
using Npgsql;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>
/// A fresh, real database for one app: a SQLite file in a temp folder, or a new database on the
/// PostgreSQL server the test script started. <c>ATLAS_TEST_PROVIDER</c> (sqlite | postgres) picks the kind;
/// <c>ATLAS_TEST_POSTGRES</c> is the server's connection string.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string? folder, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresName = postgresName;
    }

    public static string ProviderUnderTest =>
        Environment.GetEnvironmentVariable("ATLAS_TEST_PROVIDER")?.ToLowerInvariant() == "postgres" ? "Postgres" : "Sqlite";

    public static bool IsPostgres => ProviderUnderTest == "Postgres";

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The settings that point the application at this database (also as environment variables for verbs).</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider,
        ["ConnectionStrings:Default"] = ConnectionString,
    };

    public static Task<TestDatabase> CreateAsync() => CreateAsync(empty: true);

    /// <param name="empty">Create the PostgreSQL database now (empty); otherwise only pick its name, for a copy to create.</param>
    private static async Task<TestDatabase> CreateAsync(bool empty)
    {
        if (!IsPostgres)
        {
            var folder = Directory.CreateTempSubdirectory("atlas-test-").FullName;
            var file = Path.Combine(folder, "atlas.db");
            return new TestDatabase("Sqlite", new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString, folder, null);
        }
        var server = Server;
        var name = "atlas_" + Guid.NewGuid().ToString("N")[..16];
        if (empty)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("Postgres", builder.ConnectionString, null, name);
    }

    private static readonly Dictionary<string, Task<(TestDatabase Template, object? Result)>> Templates = new(StringComparer.Ordinal);
    private static readonly object TemplatesGate = new();

    /// <summary>
    /// A fresh database that holds what the run command prepares (migrations, starter catalog and, if
    /// <paramref name="seedDemo"/>, the demo content): a copy of a template this test process prepares once per kind
    /// (SQLite: the file; PostgreSQL: <c>CREATE DATABASE ... TEMPLATE</c>), instead of migrating and filling each time.
    /// The copy is the template byte for byte, ids and sequences included; the template is removed when the process exits.
    /// </summary>
    public static async Task<TestDatabase> CreatePreparedAsync(bool seedDemo) =>
        (await CreateFromTemplateAsync(seedDemo ? "prepared" : "prepared without demo", async template =>
        {
            await AtlasApp.PrepareAsync(template, seedDemo);
            return true;
        })).Database;

    /// <summary>
    /// A copy of a database that <paramref name="prepare"/> filled once in this test process (from empty), with what
    /// <paramref name="prepare"/> returned then: for fixtures of several classes that need the same costly content
    /// (e.g. the full catalog imported by the real verb). <paramref name="key"/> names the content; the first caller's
    /// <paramref name="prepare"/> runs, later callers get copies.
    /// </summary>
    public static async Task<(TestDatabase Database, T Result)> CreateFromTemplateAsync<T>(string key, Func<TestDatabase, Task<T>> prepare)
    {
        Task<(TestDatabase Template, object? Result)> template;
        lock (TemplatesGate)
        {
            if (!Templates.TryGetValue(key, out template!) || template.IsFaulted || template.IsCanceled)
            {
                template = Templates[key] = Task.Run(async () => await PrepareTemplateAsync(async db => (object?)await prepare(db)));
            }
        }
        var (source, result) = await template;
        return (await source.CopyAsync(), (T)result!);
    }

    private static async Task<(TestDatabase Template, object? Result)> PrepareTemplateAsync(Func<TestDatabase, Task<object?>> prepare)
    {
        var template = await CreateAsync();
        object? result;
        try
        {
            result = await prepare(template);
            await template.CloseForCopyingAsync();
        }
        catch
        {
            await template.DisposeAsync();
            throw;
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (template, result);
    }

    /// <summary>Leaves the template with nothing open on it: SQLite with its log folded into the file; PostgreSQL with no session.</summary>
    private async Task CloseForCopyingAsync()
    {
        if (_folder is not null)
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync();
            await using var checkpoint = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE)", connection);
            await checkpoint.ExecuteNonQueryAsync();
        }
        if (_postgresName is not null)
        {
            await using (var own = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(own);
            }
            await using var connection = new NpgsqlConnection(Server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_postgresName}' AND pid <> pg_backend_pid()", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<TestDatabase> CopyAsync()
    {
        var copy = await CreateAsync(empty: false);
        if (copy._folder is not null)
        {
            File.Copy(new SqliteConnectionStringBuilder(ConnectionString).DataSource, new SqliteConnectionStringBuilder(copy.ConnectionString).DataSource);
        }
        else
        {
            await using var connection = new NpgsqlConnection(Server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {copy._postgresName} TEMPLATE {_postgresName}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return copy;
    }

    private static string Server => Environment.GetEnvironmentVariable("ATLAS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("ATLAS_TEST_POSTGRES is not set: run the tests through ./scripts/test, which starts PostgreSQL.");

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A process still holding the file; the temp folder is cleaned by the OS.
            }
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var server = Environment.GetEnvironmentVariable("ATLAS_TEST_POSTGRES")!;
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
