using System.Globalization;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// What an authenticator app needs to know (the shared key, as text and as a QR code drawn here on the server, no
/// outside service), and how a typed code is read: six digits are a TOTP code, anything else a recovery code.
/// </summary>
public static class TwoFactorCodes
{
    public const int RecoveryCodeCount = 10;

    private const string Issuer = "PatientAtlas";

    /// <summary>The key in groups of four, easier to type into an app by hand.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

    /// <summary>The otpauth:// URI apps read. It names the pseudonym, never the email address.</summary>
    public static string AuthenticatorUri(string pseudonym, string key) =>
        string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(pseudonym)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6");

    /// <summary>The QR code of <paramref name="uri"/> as a PNG <c>data:</c> URI (the security policy allows data: images, not inline styles).</summary>
    public static string QrCode(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>A TOTP code without the spaces or hyphens an app shows, or null when the input is not six digits.</summary>
    public static string? Totp(string input)
    {
        var digits = new string(input.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>A recovery code as Identity stores it (upper case, its hyphen kept).</summary>
    public static string Recovery(string input) => input.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    public static async Task<bool> VerifyTotpAsync(UserManager<Member> users, Member member, string input) =>
        Totp(input) is { } code && await users.VerifyTwoFactorTokenAsync(member, users.Options.Tokens.AuthenticatorTokenProvider, code);
}
