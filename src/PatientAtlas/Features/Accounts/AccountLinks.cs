using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts;

/// <summary>The absolute links that mails carry, in the language of the page that sent them.</summary>
public static class AccountLinks
{
    public static string Absolute(HttpRequest request, string path, IDictionary<string, string?> query)
    {
        var origin = PublicOrigin.Of(request.HttpContext);
        return QueryHelpers.AddQueryString(origin + Languages.Localize(path), query);
    }

    /// <summary>
    /// An account as a mail link names it: its id protected with the site's keys, different in every link, so a link
    /// neither shows how many accounts there are nor lets anyone write the link of the next one.
    /// </summary>
    public static string MemberKey(IServiceProvider services, int memberId) =>
        MemberKeys(services).Protect(memberId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The account a link's <see cref="MemberKey"/> names, or null for anything the site did not make.</summary>
    public static int? MemberFromKey(HttpContext context, string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1000)
        {
            return null;
        }
        try
        {
            return int.TryParse(MemberKeys(context.RequestServices).Unprotect(key), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static IDataProtector MemberKeys(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("PatientAtlas.Accounts.MailLinkMember");

    /// <summary>A return address kept through sign-up and the confirmation mail: a local path, or nothing.</summary>
    public static string? LocalOrNull(string? returnUrl) =>
        returnUrl is { Length: <= 2000 } && SafeReturn(returnUrl, "/") == returnUrl ? returnUrl : null;

    /// <summary>Where to go after signing in: a local path only, never another site.</summary>
    public static string SafeReturn(string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : Languages.Localize(fallback);
}
