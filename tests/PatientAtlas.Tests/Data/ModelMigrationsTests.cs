using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Tests.Data;

/// <summary>
/// Each provider's migrations build exactly the model the code describes: a change to an entity without its
/// two migrations fails here, on either provider's test run. The model diff needs no server.
/// </summary>
public sealed class ModelMigrationsTests
{
    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = new SqliteAtlasDb(new DbContextOptionsBuilder<SqliteAtlasDb>().UseSqlite("Data Source=:memory:").Options);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the SQLite model has changes without a migration: add one under Data/Migrations for SqliteAtlasDb");
    }

    [Fact]
    public void PostgresMigrationsMatchTheModel()
    {
        using var db = new PostgresAtlasDb(new DbContextOptionsBuilder<PostgresAtlasDb>().UseNpgsql("Host=127.0.0.1;Database=model_check").Options);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the PostgreSQL model has changes without a migration: add one under Data/Migrations for PostgresAtlasDb");
    }
}
