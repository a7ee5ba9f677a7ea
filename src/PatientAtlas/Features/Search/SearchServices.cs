using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Search;

public static class SearchServices
{
    /// <summary>The rate limit of the search page, per client address (<c>Site:SearchRequestsPerMinute</c>, 120 by default).</summary>
    public const string RateLimit = "search";

    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services
            .AddScoped(sp => SearchIndex.For(sp.GetRequiredService<AtlasDb>()))
            .AddScoped<SiteSearch>()
            .AddSingleton(sp => SearchBudget.From(sp.GetRequiredService<IConfiguration>()));
        services.AddHealthChecks().AddCheck<SearchHealthCheck>("search");
        // A search renders uncached for each new query, so a client is held to fewer of them than API calls;
        // cache hits count too (the limiter runs before the output cache).
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) => o.AddPolicy(RateLimit, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = configuration.GetValue("Site:SearchRequestsPerMinute", 120),
                Window = TimeSpan.FromMinutes(1),
            })));
        return services;
    }

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app) => SearchApi.MapEndpoints(app);
}

/// <summary>
/// How long one search may work (<c>Search:TimeBudgetMilliseconds</c>, 2,000 by default) before it answers with what
/// is complete. Each search is bounded by its plan already; this holds whatever the data or the statistics turn out
/// to be, and stops the work of a client that has gone.
/// </summary>
public sealed record SearchBudget(TimeSpan Limit)
{
    public static SearchBudget From(IConfiguration configuration) =>
        new(TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Search:TimeBudgetMilliseconds", 2000))));

    /// <summary>A token cancelled when the client goes or the budget runs out, whichever comes first (at once for a budget of zero).</summary>
    public CancellationTokenSource Start(CancellationToken requestAborted)
    {
        var budget = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        if (Limit <= TimeSpan.Zero)
        {
            budget.Cancel();
        }
        else
        {
            budget.CancelAfter(Limit);
        }
        return budget;
    }

    /// <summary>The budget ran out (rather than the client going away).</summary>
    public static bool RanOut(Exception e, CancellationTokenSource budget, CancellationToken requestAborted) =>
        e is OperationCanceledException && budget.IsCancellationRequested && !requestAborted.IsCancellationRequested;
}
