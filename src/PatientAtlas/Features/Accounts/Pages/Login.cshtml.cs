using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>
/// Sign in. Every refusal reads the same (unknown address, wrong password, locked account), so the page does not tell
/// who has an account; only someone who knows the password learns that the address still needs confirming.
/// </summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class LoginModel(AtlasDb db, UserManager<Member> users, SignInManager<Member> signIn, AccountMail mail, MailThrottle throttle) : PageModel
{
    [BindProperty]
    public LoginForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NeedsConfirmation { get; private set; }

    /// <summary>The demo accounts, named on the page while demo content is loaded.</summary>
    public IReadOnlyList<DemoMembers.Account> DemoAccounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return Redirect(AccountLinks.SafeReturn(ReturnUrl, "/account"));
        }
        DemoAccounts = await DemoMembers.ListAsync(db, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        DemoAccounts = await DemoMembers.ListAsync(db, cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var member = await users.FindByEmailAsync(Form.Email!.Trim());
        if (member is null)
        {
            // As long as checking a real password takes.
            users.PasswordHasher.VerifyHashedPassword(new Member { Pseudonym = "", PseudonymKey = "" }, DummyHash.Value, Form.Password!);
            return Refused();
        }
        if (await users.IsLockedOutAsync(member))
        {
            return Refused();
        }
        if (!await users.CheckPasswordAsync(member, Form.Password!))
        {
            await users.AccessFailedAsync(member);
            return Refused();
        }
        if (!member.EmailConfirmed)
        {
            NeedsConfirmation = true;
            await ConfirmationMail.SendAsync(users, mail, throttle, Request, member, cancellationToken);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(member, Form.Password!, Form.RememberMe, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return Redirect(Site.Languages.Localize("/account/login/two-factor") + (string.IsNullOrEmpty(ReturnUrl) ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl)) + (Form.RememberMe ? (string.IsNullOrEmpty(ReturnUrl) ? "?" : "&") + "rememberMe=true" : ""));
        }
        if (!result.Succeeded)
        {
            return Refused();
        }
        return Redirect(AccountLinks.SafeReturn(ReturnUrl, "/account"));
    }

    private PageResult Refused()
    {
        ModelState.AddModelError("", "Account.Login.Refused");
        return Page();
    }

    public sealed class LoginForm
    {
        [Required(ErrorMessage = "Account.EmailRequired")]
        [StringLength(254, ErrorMessage = "Account.EmailForm")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Account.PasswordRequired")]
        [StringLength(AccountErrors.MaxPasswordLength, ErrorMessage = "Account.PasswordLength")]
        public string? Password { get; set; }

        public bool RememberMe { get; set; }
    }

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<Member>().HashPassword(new Member { Pseudonym = "", PseudonymKey = "" }, Guid.NewGuid().ToString()));
}
