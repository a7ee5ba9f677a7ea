using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PatientAtlas.Data;

public sealed class PostgresAtlasDb(DbContextOptions<PostgresAtlasDb> options) : AtlasDb(options)
{
    /// <summary>A–Z order by code point, as SQLite orders it, whatever locale the server was created with.</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Features.Catalog.Condition>().Property(c => c.SortKey).UseCollation("C");
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresAtlasDbDesignFactory : IDesignTimeDbContextFactory<PostgresAtlasDb>
{
    public PostgresAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAtlasDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
