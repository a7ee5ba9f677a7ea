using Microsoft.Extensions.Options;

namespace PatientAtlas.Platform;

/// <summary>
/// Where absolute URLs (canonical links, sitemaps, robots.txt, links in mails) point: <c>Site:BaseUrl</c> when set,
/// else the request's scheme and host name. The host name is only ever one the host filter let through
/// (<c>AllowedHosts</c>, loopback names by default; the start refuses "*" without a base URL), and the port is never the
/// one the Host header claims: a client can write any port there, and a reset link must not lead to it.
/// </summary>
public static class PublicOrigin
{
    public static string Of(HttpContext context)
    {
        var site = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
        if (site.Origin is { } origin)
        {
            return origin;
        }
        // Straight from a client: the port it really connected to. Through a known proxy: the scheme's own port, the
        // proxy's public one (the port this node listens on behind it is no use to a reader).
        var port = site.KnownProxies.Length > 0 ? -1 : context.Connection.LocalPort;
        var host = context.Request.Host.HasValue ? context.Request.Host.Host : "localhost";
        return new UriBuilder(context.Request.Scheme, host, port).Uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Whether <c>AllowedHosts</c> lets any host name through, so that only <c>Site:BaseUrl</c> can say the site's own.</summary>
    public static bool AnyHostAllowed(string? allowedHosts) =>
        string.IsNullOrWhiteSpace(allowedHosts)
        || allowedHosts.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(h => h is "*" or "[::]" or "0.0.0.0");
}
