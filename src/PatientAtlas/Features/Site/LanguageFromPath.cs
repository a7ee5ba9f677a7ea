using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;

namespace PatientAtlas.Features.Site;

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
