using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace PatientAtlas.Platform;

/// <summary>
/// Picks the language from the URL prefix. Error pages are re-executed under "/errors/...", so for them
/// the prefix of the original URL decides: a 404 under "/es/" is answered in Spanish.
/// </summary>
public sealed class LanguageFromPath : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var path = httpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? httpContext.Request.Path.Value
            ?? "/";
        if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            // The API names its language in the query (?lang=es); it validates the value itself.
            var requested = httpContext.Request.Query["lang"].ToString().ToLowerInvariant();
            return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(Languages.Supported.Contains(requested) ? requested : Languages.Default));
        }
        foreach (var language in Languages.Prefixed)
        {
            if (path.Equals("/" + language, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith("/" + language + "/", StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(language));
            }
        }
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(Languages.Default));
    }
}
