namespace PatientAtlas.Features.Site;

/// <summary>The canonical and alternate-language URLs of the page being rendered.</summary>
public sealed record PageLinks(string Canonical, IReadOnlyDictionary<string, string> Alternates, IReadOnlyDictionary<string, string> Switcher)
{
    public static PageLinks For(HttpContext context)
    {
        var baseUrl = SitemapEndpoints.BaseUrl(context);
        // An error page is re-executed under /errors/N: its links belong to the address the reader asked for.
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var failed = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>();
        var path = reExecuted?.OriginalPath ?? failed?.Path ?? context.Request.Path.Value ?? "/";
        var neutral = Languages.Neutral(path);
        var query = reExecuted?.OriginalQueryString ?? context.Request.QueryString.Value ?? "";
        var alternates = Languages.Supported.ToDictionary(l => l, l => baseUrl + Languages.In(l, neutral) + query);
        var switcher = Languages.Supported.ToDictionary(l => l, l => Languages.In(l, neutral) + query);
        return new PageLinks(alternates[Languages.Current], alternates, switcher);
    }
}
