using Microsoft.AspNetCore.WebUtilities;
using PatientAtlas.Features.Site;

namespace PatientAtlas.Features.Accounts;

/// <summary>The absolute links that mails carry, in the language of the page that sent them.</summary>
public static class AccountLinks
{
    public static string Absolute(HttpRequest request, string path, IDictionary<string, string?> query)
    {
        var origin = PublicOrigin.Of(request.HttpContext);
        return QueryHelpers.AddQueryString(origin + Languages.Localize(path), query);
    }

    /// <summary>Where to go after signing in: a local path only, never another site.</summary>
    public static string SafeReturn(string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : Languages.Localize(fallback);
}
