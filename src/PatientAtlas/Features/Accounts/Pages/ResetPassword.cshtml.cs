using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>
/// The link from the reset mail. A new password ends every session of the account (whoever knew the old one is out)
/// and the owner is told by mail; a wrong, forged or expired link changes nothing.
/// </summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class ResetPasswordModel(AtlasDb db, UserManager<Member> users, Security.SignInFailures failures, AccountMail mail) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Member { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Account.PasswordRequired")]
    [StringLength(AccountErrors.MaxPasswordLength, MinimumLength = 12, ErrorMessage = "Account.PasswordLength")]
    public string? Password { get; set; }

    public bool LinkInvalid { get; private set; }

    public bool Done { get; private set; }

    public void OnGet() => LinkInvalid = AccountLinks.MemberFromKey(HttpContext, Member) is null || ConfirmationMail.Decode(Code) is null;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var token = ConfirmationMail.Decode(Code);
        var id = AccountLinks.MemberFromKey(HttpContext, Member);
        var member = id is null || token is null ? null : await users.FindByIdAsync(id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (member is null || !await users.VerifyUserTokenAsync(member, users.Options.Tokens.PasswordResetTokenProvider, UserManager<Member>.ResetPasswordTokenPurpose, token!))
        {
            LinkInvalid = true;
            return Page();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await users.ResetPasswordAsync(member, token!, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.InvalidToken))
                {
                    LinkInvalid = true;
                }
                ModelState.AddModelError(nameof(Password), AccountErrors.Key(error));
            }
            return Page();
        }
        await SessionEnding.EndAllAsync(db, member.Id);
        // The owner came through their mail: no lockout of the account or of any network stands.
        await users.ResetAccessFailedCountAsync(member);
        await users.SetLockoutEndDateAsync(member, null);
        await failures.ForgetAllAsync(member.Id, cancellationToken);
        await mail.SendAsync(AccountMail.Kind.PasswordChanged, member.Email!, member.Pseudonym, null, cancellationToken);
        Done = true;
        return Page();
    }
}
