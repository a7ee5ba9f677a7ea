using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientAtlas.Data.Saving;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Corrections;

/// <summary>How readers reach the editors: "Report an error in this summary" and the contact page's form.</summary>
public static class CorrectionsFeature
{
    /// <summary>Reports sent per client address and hour (<c>Site:ReportsPerHour</c>); reading the forms is not limited.</summary>
    public const string RateLimit = "reports";

    public static IServiceCollection AddCorrections(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SiteOptions>>((o, site) => o.AddPolicy(RateLimit, context =>
            HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = site.Value.ReportsPerHour,
                    Window = TimeSpan.FromHours(1),
                })
                : RateLimitPartition.GetNoLimiter("read")));
        services.AddUncached<CorrectionReport>("a report for editors, never shown on a cached page");
        return services;
    }
}
