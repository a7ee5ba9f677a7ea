using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PatientAtlas.Data;

public static class DataServices
{
    public static IServiceCollection AddAtlasData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DatabaseOptions.Read(configuration);
        var connectionString = options.ConnectionString;
        services.AddSingleton(options);
        services.AddSingleton<QueryCounter>();
        services.AddSingleton<Saving.SavePipeline>();

        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<AtlasDb, PostgresAtlasDb>((sp, db) => db
                .UseNpgsql(connectionString, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .AddInterceptors(sp.GetRequiredService<QueryCounter>(), sp.GetRequiredService<Saving.SavePipeline>(), sp.GetRequiredService<Saving.SavePipeline>().Commits));
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            SqliteEngine.Configure();
            services.AddDbContextPool<AtlasDb, SqliteAtlasDb>((sp, db) => db
                .UseSqlite(builder.ConnectionString)
                .AddInterceptors(new SqliteDurability(), sp.GetRequiredService<QueryCounter>(), sp.GetRequiredService<Saving.SavePipeline>(), sp.GetRequiredService<Saving.SavePipeline>().Commits));
        }
        return services;
    }

    /// <summary>Where the database lives, for messages: the SQLite file or the PostgreSQL server and database.</summary>
    public static string Describe(IConfiguration configuration)
    {
        DatabaseOptions options;
        try
        {
            options = DatabaseOptions.Read(configuration);
        }
        catch (StartupException)
        {
            return "database (invalid settings)";
        }
        var connectionString = options.ConnectionString;
        try
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                var pg = new NpgsqlConnectionStringBuilder(connectionString);
                return $"PostgreSQL database '{pg.Database}' on {pg.Host}:{pg.Port}";
            }
            return $"SQLite file '{Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}'";
        }
        catch (ArgumentException)
        {
            return $"{options.Provider} database (unreadable connection string)";
        }
    }

    /// <summary>For verbs: runs <paramref name="work"/> on a context of its own scope.</summary>
    public static async Task WithAtlasDbAsync(this IServiceProvider services, Func<AtlasDb, Task> work)
    {
        await using var scope = services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AtlasDb>());
    }
}
