using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// The second step of signing in, after a right password (Identity's two-factor cookie says who): a code from the
/// authenticator app or one of the recovery codes. Wrong codes count toward the lockout like wrong passwords, and
/// every refusal reads the same.
/// </summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class LoginTwoFactorModel(UserManager<Member> users, SignInManager<Member> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Account.TwoFactor.CodeRequired")]
    [StringLength(20, ErrorMessage = "Account.TwoFactor.Refused")]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect(Platform.Languages.Localize("/account/login")) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } member)
        {
            // The two-factor cookie is gone or expired: start again with the password.
            return Redirect(Platform.Languages.Localize("/account/login"));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (await users.IsLockedOutAsync(member))
        {
            return Refused();
        }
        var totp = TwoFactorCodes.Totp(Code!);
        var failuresBefore = member.AccessFailedCount;
        var result = totp is not null
            ? await signIn.TwoFactorAuthenticatorSignInAsync(totp, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(TwoFactorCodes.Recovery(Code!));
        if (result.Succeeded)
        {
            return Redirect(AccountLinks.SafeReturn(ReturnUrl, "/account"));
        }
        // Identity counts a wrong app code; a wrong recovery code must count too, or it would be a way around the lockout.
        if (member.AccessFailedCount == failuresBefore && !result.IsLockedOut && !await users.IsLockedOutAsync(member))
        {
            await users.AccessFailedAsync(member);
        }
        return Refused();
    }

    private PageResult Refused()
    {
        ModelState.AddModelError("", "Account.TwoFactor.Refused");
        return Page();
    }
}
