using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>
/// The link from the confirmation mail: a new account's address, or (with <c>change</c>) a changed address, which
/// takes effect only here. A wrong, forged or expired link changes nothing and offers a new one.
/// </summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class ConfirmEmailModel(UserManager<Member> users, AccountMail mail, MailThrottle throttle) : PageModel
{
    public enum Outcome
    {
        Confirmed,
        EmailChanged,
        Invalid,
        Resent,
    }

    public Outcome Result { get; private set; }

    /// <summary>Where the newcomer was going when they signed up (a local path), carried by the mail's link.</summary>
    public string? ReturnUrl { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Account.EmailRequired")]
    [StringLength(254, ErrorMessage = "Account.EmailForm")]
    public string? Email { get; set; }

    public async Task OnGetAsync(string? member, string? code, bool change, string? returnUrl)
    {
        Result = Outcome.Invalid;
        ReturnUrl = AccountLinks.LocalOrNull(returnUrl);
        var token = ConfirmationMail.Decode(code);
        var id = AccountLinks.MemberFromKey(HttpContext, member);
        if (id is null || token is null || await users.FindByIdAsync(id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } account)
        {
            return;
        }
        // The new address waits on the server (Security.PendingEmail), never in the link: URLs end up in logs and histories.
        var email = change ? await Security.PendingEmail.GetAsync(users, account) : null;
        if (!change)
        {
            Result = (await users.ConfirmEmailAsync(account, token)).Succeeded ? Outcome.Confirmed : Outcome.Invalid;
            return;
        }
        // A new address: Identity checks the token was made for this very address, then changes it and the security stamp.
        var changed = email is null ? IdentityResult.Failed() : await users.ChangeEmailAsync(account, email, token);
        if (changed.Succeeded)
        {
            await Security.PendingEmail.ClearAsync(users, account);
            await users.SetUserNameAsync(account, account.Pseudonym);
            Result = Outcome.EmailChanged;
        }
    }

    /// <summary>"Send me a new link": the same answer whether or not the address has an account to confirm.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Result = Outcome.Invalid;
            return Page();
        }
        if (await users.FindByEmailAsync(Email!.Trim()) is { EmailConfirmed: false } account)
        {
            await ConfirmationMail.SendAsync(users, mail, throttle, Request, account, cancellationToken);
        }
        Result = Outcome.Resent;
        return Page();
    }
}
