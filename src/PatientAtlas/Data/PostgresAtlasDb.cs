using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PatientAtlas.Data;

public sealed class PostgresAtlasDb(DbContextOptions<PostgresAtlasDb> options) : AtlasDb(options);

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresAtlasDbDesignFactory : IDesignTimeDbContextFactory<PostgresAtlasDb>
{
    public PostgresAtlasDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAtlasDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
