using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PatientAtlas.Platform;

/// <summary>The <c>Site</c> section of the settings, bound and validated once at start-up.</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    /// <summary>The public origin ("https://patientatlas.org") for canonical URLs, sitemaps and the OpenAPI servers.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How often each node applies content changes made elsewhere to its page cache.</summary>
    [Range(0.05, 3600)]
    public double CacheSyncSeconds { get; set; } = 5;

    [Range(1, int.MaxValue)]
    public int ApiRequestsPerMinute { get; set; } = 600;

    /// <summary>Searches per client address and minute (each new query renders uncached, so fewer than API calls).</summary>
    [Range(1, int.MaxValue)]
    public int SearchRequestsPerMinute { get; set; } = 120;

    /// <summary>Error reports and contact messages per client address and hour.</summary>
    [Range(1, int.MaxValue)]
    public int ReportsPerHour { get; set; } = 10;

    public bool SeedDemo { get; set; } = true;

    public bool OutputCache { get; set; } = true;

    /// <summary>Proxies whose X-Forwarded-For/-Proto are believed (IP addresses); none by default.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>The origin without a trailing slash, or null when the request's own (allowed) host is used.</summary>
    public string? Origin => string.IsNullOrWhiteSpace(BaseUrl) ? null : BaseUrl.Trim().TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Origin is { } origin && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            yield return new ValidationResult($"Site:BaseUrl must be an http or https origin such as https://example.org (got '{BaseUrl}')", [nameof(BaseUrl)]);
        }
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"Site:KnownProxies must hold IP addresses (got '{proxy}')", [nameof(KnownProxies)]);
            }
        }
    }
}
