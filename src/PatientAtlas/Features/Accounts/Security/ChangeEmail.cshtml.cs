using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// A new email address, given the current password. A link goes to the new address and the change happens only when
/// it is opened (the confirmation page); until then the old address stays. A newer request replaces a pending one,
/// whose link then no longer works. The answer is the same whether or not the
/// new address belongs to another account, so this page tells nothing about anyone else.
/// </summary>
[Authorize]
public sealed class ChangeEmailModel(UserManager<Member> users, AccountMail mail, MailThrottle throttle) : PageModel
{
    [BindProperty]
    public EmailForm Form { get; set; } = new();

    /// <summary>The member's own address, shown to them alone.</summary>
    public string? CurrentEmail { get; private set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool sent)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        CurrentEmail = member.Email;
        Sent = sent;
        return Page();
    }

    [AllowWhileRefused("account security: the email address")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        CurrentEmail = member.Email;
        Form.NewEmail = Form.NewEmail?.Trim();
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!await users.CheckPasswordAsync(member, Form.Password!))
        {
            await users.AccessFailedAsync(member);
            ModelState.AddModelError("Form.Password", "Account.PasswordWrong");
            return Page();
        }
        var normalized = users.NormalizeEmail(Form.NewEmail)!;
        if (normalized == member.NormalizedEmail)
        {
            ModelState.AddModelError("Form.NewEmail", "Account.ChangeEmail.Same");
            return Page();
        }
        // The token is made either way (the same work); the mail goes only to an address no other account holds.
        var token = await users.GenerateChangeEmailTokenAsync(member, Form.NewEmail!);
        if (await users.FindByEmailAsync(Form.NewEmail!) is null && throttle.TryTake(normalized))
        {
            await PendingEmail.SetAsync(users, member, Form.NewEmail!);
            var link = AccountLinks.Absolute(Request, "/account/confirm-email", new Dictionary<string, string?>
            {
                ["member"] = AccountLinks.MemberKey(HttpContext.RequestServices, member.Id),
                ["code"] = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token)),
                ["change"] = "true",
            });
            await mail.SendAsync(AccountMail.Kind.ChangeEmail, Form.NewEmail!, member.Pseudonym, link, cancellationToken);
        }
        return Redirect(Platform.Languages.Localize("/account/email") + "?sent=true");
    }

    public sealed class EmailForm
    {
        [Required(ErrorMessage = "Account.EmailRequired")]
        [EmailAddress(ErrorMessage = "Account.EmailForm")]
        [StringLength(254, ErrorMessage = "Account.EmailForm")]
        public string? NewEmail { get; set; }

        [Required(ErrorMessage = "Account.PasswordRequired")]
        [StringLength(AccountErrors.MaxPasswordLength, ErrorMessage = "Account.PasswordWrong")]
        public string? Password { get; set; }
    }
}
