using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PatientAtlas.Features.Scale;

/// <summary>
/// Writes many rows into one table as fast as each database allows. EF Core is bypassed on purpose: its
/// change tracker and per-entity SaveChanges bookkeeping cost more than the insert itself at a million rows
/// (it would also read back every generated key), whereas here the ids are assigned up front and the rows
/// go straight to the driver: on SQLite one prepared, parameterised INSERT re-executed inside the caller's
/// single transaction (no SQL parsing per row, one fsync at commit); on PostgreSQL a binary COPY, the
/// server's bulk-load path, which streams rows without a round trip or a plan per row.
/// </summary>
public abstract class BulkWriter : IDisposable
{
    /// <summary>Opens a writer for <paramref name="table"/>'s <paramref name="columns"/> on the connection EF Core holds open.</summary>
    public static BulkWriter Open(DbConnection connection, DbTransaction? transaction, string table, params string[] columns) => connection switch
    {
        SqliteConnection sqlite => new SqliteWriter(sqlite, (SqliteTransaction?)transaction, table, columns),
        NpgsqlConnection npgsql => new PostgresWriter(npgsql, table, columns),
        _ => throw new NotSupportedException($"bulk writes are not implemented for {connection.GetType().Name}"),
    };

    /// <summary>Writes one row; values are int, long, bool, string, DateTime (UTC), DateOnly or null, in column order.</summary>
    public abstract void Write(params object?[] values);

    /// <summary>Finishes the table (PostgreSQL: completes the COPY); without it, the rows are discarded.</summary>
    public abstract void Complete();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    private static string Quote(string name) => "\"" + name + "\"";

    private sealed class SqliteWriter : BulkWriter
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public SqliteWriter(SqliteConnection connection, SqliteTransaction? transaction, string table, string[] columns)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
#pragma warning disable CA2100 // Table and column names are constants of this feature, never user input; values are parameters.
            _command.CommandText = $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
#pragma warning restore CA2100
            _parameters = [.. columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter("$p" + i, null)))];
            _command.Prepare();
        }

        public override void Write(params object?[] values)
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                // A Guid as EF Core stores it on SQLite (upper-case text), not as Microsoft.Data.Sqlite's default blob.
                _parameters[i].Value = values[i] switch { null => DBNull.Value, Guid g => g.ToString().ToUpperInvariant(), var v => v };
            }
            _command.ExecuteNonQuery();
        }

        public override void Complete()
        {
        }

        protected override void Dispose(bool disposing) => _command.Dispose();
    }

    private sealed class PostgresWriter(NpgsqlConnection connection, string table, string[] columns) : BulkWriter
    {
        private readonly NpgsqlBinaryImporter _importer =
            connection.BeginBinaryImport($"COPY {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) FROM STDIN (FORMAT BINARY)");

        public override void Write(params object?[] values)
        {
            _importer.StartRow();
            foreach (var value in values)
            {
                switch (value)
                {
                    case null: _importer.WriteNull(); break;
                    case int i: _importer.Write(i, NpgsqlDbType.Integer); break;
                    case long l: _importer.Write(l, NpgsqlDbType.Bigint); break;
                    case bool b: _importer.Write(b, NpgsqlDbType.Boolean); break;
                    case string s: _importer.Write(s, NpgsqlDbType.Text); break;
                    case DateTime d: _importer.Write(d, NpgsqlDbType.TimestampTz); break;
                    case DateOnly d: _importer.Write(d, NpgsqlDbType.Date); break;
                    case Guid g: _importer.Write(g, NpgsqlDbType.Uuid); break;
                    default: throw new NotSupportedException($"cannot COPY a {value.GetType().Name}");
                }
            }
        }

        public override void Complete() => _importer.Complete();

        protected override void Dispose(bool disposing) => _importer.Dispose();
    }
}
