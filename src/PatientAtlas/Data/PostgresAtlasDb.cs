using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PatientAtlas.Data;

public sealed class PostgresAtlasDb(DbContextOptions<PostgresAtlasDb> options) : AtlasDb(options)
{
    /// <summary>
    /// Byte order ("C") where order or prefixes matter, whatever locale the server was created with: the A–Z index
    /// sorts by code point as SQLite does, and a search-name prefix is an index range.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Features.Catalog.Condition>().Property(c => c.SortKey).UseCollation("C");
        modelBuilder.Entity<Features.Search.SearchName>().Property(n => n.Folded).UseCollation("C");
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresAtlasDbDesignFactory : IDesignTimeDbContextFactory<PostgresAtlasDb>
{
    public PostgresAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAtlasDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
