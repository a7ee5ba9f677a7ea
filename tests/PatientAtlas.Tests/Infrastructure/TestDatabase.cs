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

    public static async Task<TestDatabase> CreateAsync()
    {
        if (!IsPostgres)
        {
            var folder = Directory.CreateTempSubdirectory("atlas-test-").FullName;
            var file = Path.Combine(folder, "atlas.db");
            return new TestDatabase("Sqlite", new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString, folder, null);
        }
        var server = Environment.GetEnvironmentVariable("ATLAS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("ATLAS_TEST_POSTGRES is not set: run the tests through ./scripts/test, which starts PostgreSQL.");
        var name = "atlas_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("Postgres", builder.ConnectionString, null, name);
    }

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
