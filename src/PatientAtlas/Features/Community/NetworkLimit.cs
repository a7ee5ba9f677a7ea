using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Community;

/// <summary>What an endpoint counts against its client network's hourly budget: flags or helpful votes.</summary>
public enum NetworkBudget
{
    Flags = 1,
    HelpfulVotes = 2,
}

/// <summary>
/// Marks a write (page or endpoint) that also counts against its client network's budget of flags or helpful votes
/// per hour (<see cref="NetworkLimit"/>), on top of the member's own write limit. Reading (GET) never counts.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NetworkLimitedAttribute(NetworkBudget budget) : Attribute
{
    public NetworkBudget Budget { get; } = budget;
}

/// <summary>
/// Slows a burst of flags or votes from one network, whoever signs them: a ring of fresh accounts is usually made and
/// run from one place, so the budget is per network (/24 for IPv4, /64 for IPv6: one home, office or provider's
/// customer) rather than per account. ASP.NET Core's rate limiter, as a global limiter that only limits endpoints
/// marked <see cref="NetworkLimitedAttribute"/>, so the endpoint's own policy (the member's write limit) still applies
/// after it; an answer over budget is 429 with Retry-After (a page on the site, problem+json on the API).
/// </summary>
public static class NetworkLimit
{
    public static IServiceCollection AddNetworkLimit(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<CommunityOptions>>((o, options) =>
        {
            var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var budget = context.GetEndpoint()?.Metadata.GetMetadata<NetworkLimitedAttribute>()?.Budget;
                if (budget is null || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }
                var limit = budget == NetworkBudget.Flags ? options.Value.FlagsPerNetworkPerHour : options.Value.HelpfulVotesPerNetworkPerHour;
                return RateLimitPartition.GetFixedWindowLimiter($"{budget}:{ClientNetwork.Of(context)}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromHours(1) });
            });
            // Another global limiter (if a feature adds one) keeps working: both must allow.
            o.GlobalLimiter = o.GlobalLimiter is { } other ? PartitionedRateLimiter.CreateChained(other, limiter) : limiter;
        });
        return services;
    }
}
