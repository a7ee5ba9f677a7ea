namespace PatientAtlas.Data;

/// <summary>Process-wide SQLite settings, applied before the first connection opens.</summary>
public static class SqliteEngine
{
    private static int _configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }
        SQLitePCL.Batteries_V2.Init();
        // Memory statistics take one global mutex on every allocation; under concurrent page renders that
        // mutex was contended in statement preparation. Nothing here reads the statistics. A call after
        // SQLite started (another component opened a connection first) is refused and changes nothing.
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }
}
