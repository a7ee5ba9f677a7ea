using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>
/// The SQL an app sends to its own test database, with its parameter values, read from EF Core's diagnostic events
/// (other tests' apps run in the same process; their commands go to other databases and are left out).
/// </summary>
public sealed class CommandRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly ConcurrentQueue<RecordedCommand> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public CommandRecorder(TestDatabase database)
    {
        _database = IsPostgres(database)
            ? new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!
            : new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    private static bool IsPostgres(TestDatabase database) => database.Provider == "Postgres";

    public sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

    public IReadOnlyList<RecordedCommand> Commands => [.. _commands];

    public void Clear() => _commands.Clear();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
            && data.Command.Connection?.ConnectionString.Contains(_database, StringComparison.Ordinal) == true)
        {
            _commands.Enqueue(new RecordedCommand(data.Command.CommandText,
                [.. data.Command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value))]));
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }

    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    /// <summary>The database's plan for a recorded command: EXPLAIN QUERY PLAN details on SQLite, EXPLAIN lines on PostgreSQL.</summary>
    public static async Task<IReadOnlyList<string>> PlanAsync(TestDatabase database, RecordedCommand command)
    {
        await using DbConnection connection = IsPostgres(database) ? new NpgsqlConnection(database.ConnectionString) : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = (IsPostgres(database) ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            explain.Parameters.Add(parameter);
        }
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(IsPostgres(database) ? 0 : 3));
        }
        return lines;
    }
}
