using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PatientAtlas.Data;

public sealed class SqliteAtlasDb(DbContextOptions<SqliteAtlasDb> options) : AtlasDb(options);

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the app.</summary>
public sealed class SqliteAtlasDbDesignFactory : IDesignTimeDbContextFactory<SqliteAtlasDb>
{
    public SqliteAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAtlasDb>().UseSqlite("Data Source=design.db").Options);
}
