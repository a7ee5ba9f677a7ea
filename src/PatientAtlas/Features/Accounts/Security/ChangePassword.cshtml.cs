using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// A new password, given the current one. Every other session ends (whoever knew the old password is out), this one
/// goes on, and the owner is told by mail.
/// </summary>
[Authorize]
public sealed class ChangePasswordModel(AtlasDb db, UserManager<Member> users, SignInManager<Member> signIn, AccountMail mail) : PageModel
{
    [BindProperty]
    public PasswordForm Form { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet(bool done) => Done = done;

    [AllowWhileRefused("account security: the password")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await users.ChangePasswordAsync(member, Form.CurrentPassword!, Form.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                {
                    await users.AccessFailedAsync(member);
                    ModelState.AddModelError("Form.CurrentPassword", AccountErrors.Key(error));
                }
                else
                {
                    ModelState.AddModelError("Form.NewPassword", AccountErrors.Key(error));
                }
            }
            return Page();
        }
        await SessionEnding.EndOthersAsync(db, users, member, User);
        // The new security stamp goes into this session's ticket, so the validator keeps it.
        await signIn.RefreshSignInAsync(member);
        await mail.SendAsync(AccountMail.Kind.PasswordChanged, member.Email!, member.Pseudonym, null, cancellationToken);
        return Redirect(Platform.Languages.Localize("/account/password") + "?done=true");
    }

    public sealed class PasswordForm
    {
        [Required(ErrorMessage = "Account.PasswordRequired")]
        [StringLength(AccountErrors.MaxPasswordLength, ErrorMessage = "Account.PasswordWrong")]
        public string? CurrentPassword { get; set; }

        [Required(ErrorMessage = "Account.PasswordRequired")]
        [StringLength(AccountErrors.MaxPasswordLength, MinimumLength = 12, ErrorMessage = "Account.PasswordLength")]
        public string? NewPassword { get; set; }
    }
}
