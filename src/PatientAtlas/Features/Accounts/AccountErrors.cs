using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace PatientAtlas.Features.Accounts;

/// <summary>Identity's error codes as the resource keys our pages show.</summary>
public static class AccountErrors
{
    /// <summary>Long passphrases are welcome (NIST asks for at least 64); past this, hashing becomes a denial of service.</summary>
    public const int MaxPasswordLength = 256;

    public static string Key(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "Account.PasswordLength",
        nameof(IdentityErrorDescriber.DuplicateUserName) => "Account.PseudonymTaken",
        nameof(IdentityErrorDescriber.InvalidToken) => "Account.LinkInvalid",
        nameof(IdentityErrorDescriber.PasswordMismatch) => "Account.PasswordWrong",
        _ when error.Code.StartsWith("Account.", StringComparison.Ordinal) => error.Code,
        _ => "Account.Refused",
    };
}

/// <summary>The confirmation link for a new account (or a new address), mailed in the page's language.</summary>
public static class ConfirmationMail
{
    public static async Task SendAsync(UserManager<Member> users, AccountMail mail, MailThrottle throttle, HttpRequest request, Member member, CancellationToken cancellationToken,
        string? returnUrl = null)
    {
        if (!throttle.TryTake(member.NormalizedEmail ?? users.NormalizeEmail(member.Email)!))
        {
            return;
        }
        var code = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(member)));
        var link = AccountLinks.Absolute(request, "/account/confirm-email", new Dictionary<string, string?>
        {
            ["member"] = AccountLinks.MemberKey(request.HttpContext.RequestServices, member.Id),
            ["code"] = code,
            // Where the newcomer was going (a local path only): the confirmed page leads back there.
            ["returnUrl"] = AccountLinks.LocalOrNull(returnUrl),
        });
        await mail.SendAsync(AccountMail.Kind.ConfirmEmail, member.Email!, member.Pseudonym, link, cancellationToken);
    }

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 2000)
        {
            return null;
        }
        try
        {
            return System.Text.Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
