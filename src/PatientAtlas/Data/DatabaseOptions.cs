namespace PatientAtlas.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the "Database" section (or Database__Provider in the environment).</summary>
public sealed class DatabaseOptions
{
    public const string DefaultConnectionString = "Data Source=data/patientatlas.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
