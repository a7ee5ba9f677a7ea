using Microsoft.Extensions.Options;

namespace PatientAtlas.Features.Site;

/// <summary>
/// Where absolute URLs (canonical links, sitemaps, robots.txt, the OpenAPI servers) point: <c>Site:BaseUrl</c> when
/// set, else the request's own origin. The request's Host is only ever one the host filter let through
/// (<c>AllowedHosts</c>, loopback names by default), so a forged Host header never reaches a page.
/// </summary>
public static class PublicOrigin
{
    public static string Of(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.Origin
        ?? $"{context.Request.Scheme}://{context.Request.Host}";
}
