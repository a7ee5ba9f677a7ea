using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace PatientAtlas.Platform;

/// <summary>
/// The canonical and alternate-language URLs of the page being rendered. They are built only from what the page's
/// cache entry is keyed by (the path, case-folded to its canonical form by <see cref="CanonicalPaths"/>, and the
/// query keys in <see cref="PagePolicy.QueryKeys"/>, in a fixed order), so every reader who shares a cached page
/// shares links that are right for them: "?utm=…" or "/ABOUT" can never be written into a page someone else gets.
/// </summary>
public sealed record PageLinks(string Canonical, IReadOnlyDictionary<string, string> Alternates, IReadOnlyDictionary<string, string> Switcher)
{
    public static PageLinks For(HttpContext context)
    {
        var origin = PublicOrigin.Of(context);
        // An error page is re-executed under /errors/N: its links belong to the address the reader asked for.
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var failed = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>();
        var path = reExecuted?.OriginalPath ?? failed?.Path ?? context.Request.Path.Value ?? "/";
        var neutral = Languages.Neutral(CanonicalPaths.Normalize(path));
        var query = Query(reExecuted is null ? context.Request.Query : new QueryCollection(QueryHelpers.ParseQuery(reExecuted.OriginalQueryString)));
        var alternates = Languages.Supported.ToDictionary(l => l, l => origin + Languages.In(l, neutral) + query);
        var switcher = Languages.Supported.ToDictionary(l => l, l => Languages.In(l, neutral) + query);
        return new PageLinks(alternates[Languages.Current], alternates, switcher);
    }

    /// <summary>"?letter=h&amp;page=2": the cache's query keys that carry a value, in the cache's order, each value escaped.</summary>
    public static string Query(IQueryCollection query)
    {
        var result = new StringBuilder();
        foreach (var key in PagePolicy.QueryKeys)
        {
            StringValues values = query[key!];
            foreach (var value in values.Where(v => !string.IsNullOrEmpty(v)).Order(StringComparer.Ordinal))
            {
                result.Append(result.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value!));
            }
        }
        return result.ToString();
    }
}
