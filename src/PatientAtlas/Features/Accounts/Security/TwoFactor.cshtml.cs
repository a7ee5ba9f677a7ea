using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP). Turning it on takes a first code from the app; the recovery
/// codes are then shown once (new ones replace them on demand); turning it off asks for the password.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<Member> users, SignInManager<Member> signIn) : PageModel
{
    public bool Enabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>The shared key in groups of four, while two-factor is off.</summary>
    public string? SharedKey { get; private set; }

    /// <summary>The key's QR code as a data: URI, while two-factor is off.</summary>
    public string? QrCode { get; private set; }

    /// <summary>Recovery codes just made: shown in this answer only, never again.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Account.TwoFactor.CodeRequired")]
    [StringLength(20, ErrorMessage = "Account.TwoFactor.CodeWrong")]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Account.PasswordRequired")]
    [StringLength(AccountErrors.MaxPasswordLength, ErrorMessage = "Account.PasswordWrong")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        await LoadAsync(member);
        return Page();
    }

    [AllowWhileRefused("account security: two-factor sign-in")]
    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        if (member.TwoFactorEnabled)
        {
            return Redirect(Platform.Languages.Localize("/account/two-factor"));
        }
        Validate(nameof(Code));
        if (ModelState.IsValid && !await TwoFactorCodes.VerifyTotpAsync(users, member, Code!))
        {
            ModelState.AddModelError(nameof(Code), "Account.TwoFactor.CodeWrong");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(member);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(member, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(member, TwoFactorCodes.RecoveryCodeCount) ?? []];
        // The security stamp changed: this session keeps going with the new one.
        await signIn.RefreshSignInAsync(member);
        await LoadAsync(member);
        return Page();
    }

    [AllowWhileRefused("account security: recovery codes")]
    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        if (!member.TwoFactorEnabled)
        {
            return Redirect(Platform.Languages.Localize("/account/two-factor"));
        }
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(member, TwoFactorCodes.RecoveryCodeCount) ?? []];
        await LoadAsync(member);
        return Page();
    }

    [AllowWhileRefused("account security: two-factor sign-in")]
    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        Validate(nameof(Password));
        if (ModelState.IsValid && !await users.CheckPasswordAsync(member, Password!))
        {
            // Counts toward the lockout like a wrong password at the door (someone at an unattended browser).
            await users.AccessFailedAsync(member);
            ModelState.AddModelError(nameof(Password), "Account.PasswordWrong");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(member);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(member, false);
        // A new key: an app set up with the old one is of no use if two-factor is turned on again.
        await users.ResetAuthenticatorKeyAsync(member);
        await signIn.RefreshSignInAsync(member);
        return Redirect(Platform.Languages.Localize("/account/two-factor"));
    }

    /// <summary>Each form has one field: the other handlers' fields are not errors of this one.</summary>
    private void Validate(string field)
    {
        foreach (var key in ModelState.Keys.Where(k => k != field).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private async Task LoadAsync(Member member)
    {
        Enabled = member.TwoFactorEnabled;
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(member);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(member);
        if (string.IsNullOrEmpty(key))
        {
            // The first visit makes the key; the new security stamp goes into this session at once.
            await users.ResetAuthenticatorKeyAsync(member);
            await signIn.RefreshSignInAsync(member);
            key = (await users.GetAuthenticatorKeyAsync(member))!;
        }
        SharedKey = TwoFactorCodes.Grouped(key);
        QrCode = TwoFactorCodes.QrCode(TwoFactorCodes.AuthenticatorUri(member.Pseudonym, key));
    }
}
