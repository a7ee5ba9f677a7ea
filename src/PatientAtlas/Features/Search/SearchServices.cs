using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Data.Saving;
using PatientAtlas.Platform;

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
            .AddUncached<SearchName>("derived: rebuilt from the catalog by the saves that change it")
            .AddUncached<SearchDocument>("derived: rewritten by QuestionEffects for the posts and summaries a save touched")
            .AddSingleton(sp => new SearchBudget(TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<SearchOptions>>().Value.TimeBudgetMilliseconds)));
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks().AddCheck<SearchHealthCheck>("search");
        // A search renders uncached for each new query, so a client is held to fewer of them than API calls;
        // cache hits count too (the limiter runs before the output cache).
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SiteOptions>>((o, site) => o.AddPolicy(RateLimit, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = site.Value.SearchRequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
            })));
        return services;
    }

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app) => SearchApi.MapEndpoints(app);
}

/// <summary>The <c>Search</c> section of the settings.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>How long one search may work before it answers with what is complete (0: at once, for tests).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 600_000)]
    public int TimeBudgetMilliseconds { get; set; } = 2000;
}

/// <summary>
/// How long one search may work (<c>Search:TimeBudgetMilliseconds</c>, 2,000 by default) before it answers with what
/// is complete. Each search is bounded by its plan already; this holds whatever the data or the statistics turn out
/// to be, and stops the work of a client that has gone.
/// </summary>
public sealed record SearchBudget(TimeSpan Limit)
{
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
