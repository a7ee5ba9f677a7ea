namespace PatientAtlas.Platform;

/// <summary>
/// Every page has one address: paths are lower case and have no trailing slash. Another spelling of a page's path
/// ("/ABOUT", "/about/") answers 301 to the canonical one, so the output cache (which folds case) never stores a
/// page rendered with links to a spelling its other readers did not ask for. Slugs, templates and static assets are
/// all lower case, so folding never changes which resource a path names.
/// </summary>
public static class CanonicalPaths
{
    public static string Normalize(string path)
    {
        // Every cache hit passes here: an already canonical path is returned as it is, without a copy.
        if (IsCanonical(path))
        {
            return path;
        }
        var lower = path.ToLowerInvariant().TrimEnd('/');
        return lower.Length == 0 ? "/" : lower;
    }

    private static bool IsCanonical(string path)
    {
        if (path.Length > 1 && path[^1] == '/')
        {
            return false;
        }
        foreach (var c in path)
        {
            if (char.ToLowerInvariant(c) != c)
            {
                return false;
            }
        }
        return true;
    }

    public static IApplicationBuilder UseCanonicalPaths(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            var path = request.Path.Value ?? "/";
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                var canonical = Normalize(path);
                // "//host" or "/\host" would leave the site as a protocol-relative Location: such paths are not redirected.
                var local = canonical.Length == 1 || canonical[1] is not ('/' or '\\');
                if (local && !string.Equals(canonical, path, StringComparison.Ordinal) && !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
                {
                    // The path is re-escaped from its decoded form, so nothing typed survives as raw markup or a header break.
                    context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                    context.Response.Headers.Location = request.PathBase + new PathString(canonical).ToUriComponent() + request.QueryString;
                    return Task.CompletedTask;
                }
            }
            return next(context);
        });
}
