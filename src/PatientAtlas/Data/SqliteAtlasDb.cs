using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PatientAtlas.Data;

public sealed class SqliteAtlasDb(DbContextOptions<SqliteAtlasDb> options) : AtlasDb(options)
{
    /// <summary>
    /// SQLite stores times as text without a zone; every time we write is UTC, so it is read back as UTC —
    /// the same values, with the same "Z" in the API, as on PostgreSQL.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the app.</summary>
public sealed class SqliteAtlasDbDesignFactory : IDesignTimeDbContextFactory<SqliteAtlasDb>
{
    public SqliteAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAtlasDb>().UseSqlite("Data Source=design.db").Options);
}
