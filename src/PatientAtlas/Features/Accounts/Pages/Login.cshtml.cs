using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>
/// Sign in. Every refusal reads the same and takes the same work (unknown address, wrong password, refused network,
/// locked account), so the page does not tell who has an account; only someone who knows the password learns that the
/// address still needs confirming. Wrong passwords refuse the network they come from, not the member (SignInFailures).
/// </summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class LoginModel(
    AtlasDb db, UserManager<Member> users, SignInManager<Member> signIn, Security.SignInFailures failures, AccountMail mail, MailThrottle throttle)
    : PageModel
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
        // Every refusal costs the same: one password check (a stand-in hash when there is no account or the network is
        // refused) and one write of the try, so neither the answer nor its time tells who has an account.
        var member = await users.FindByEmailAsync(Form.Email!.Trim());
        var network = Platform.ClientNetwork.Of(HttpContext);
        var refused = await failures.IsLockedAsync(member?.Id ?? 0, network, cancellationToken);
        if (member is null || refused || await users.IsLockedOutAsync(member))
        {
            users.PasswordHasher.VerifyHashedPassword(StandIn, StandInHash(users.PasswordHasher), Form.Password!);
            await failures.CountAsync(member?.Id ?? 0, network, cancellationToken);
            return Refused();
        }
        if (!member.EmailConfirmed)
        {
            if (!await users.CheckPasswordAsync(member, Form.Password!))
            {
                await failures.CountAsync(member.Id, network, cancellationToken);
                return Refused();
            }
            await failures.ForgetAsync(member.Id, network, cancellationToken);
            NeedsConfirmation = true;
            await ConfirmationMail.SendAsync(users, mail, throttle, Request, member, cancellationToken);
            return Page();
        }
        // The one password check of this path; a wrong one counts against this network only, never the whole account.
        var result = await signIn.PasswordSignInAsync(member, Form.Password!, Form.RememberMe, lockoutOnFailure: false);
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            await failures.CountAsync(member.Id, network, cancellationToken);
            return Refused();
        }
        await failures.ForgetAsync(member.Id, network, cancellationToken);
        if (result.RequiresTwoFactor)
        {
            return Redirect(Platform.Languages.Localize("/account/login/two-factor") + (string.IsNullOrEmpty(ReturnUrl) ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl)) + (Form.RememberMe ? (string.IsNullOrEmpty(ReturnUrl) ? "?" : "&") + "rememberMe=true" : ""));
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

    private static readonly Member StandIn = new() { Pseudonym = "", PseudonymKey = "" };

    private static string? standInHash;

    /// <summary>A hash of a random password made by the site's own hasher, so checking it costs what checking a member's does.</summary>
    private static string StandInHash(IPasswordHasher<Member> hasher) =>
        standInHash ??= hasher.HashPassword(StandIn, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
}
