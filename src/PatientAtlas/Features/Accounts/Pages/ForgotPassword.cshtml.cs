using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>"Forgot password": a reset link by mail, valid for hours; the same answer for any address.</summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class ForgotPasswordModel(UserManager<Member> users, AccountMail mail, MailThrottle throttle) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Account.EmailRequired")]
    [EmailAddress(ErrorMessage = "Account.EmailForm")]
    [StringLength(254, ErrorMessage = "Account.EmailForm")]
    public string? Email { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var member = await users.FindByEmailAsync(Email!.Trim());
        if (member is { EmailConfirmed: true } && throttle.TryTake(member.NormalizedEmail!))
        {
            var code = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(member)));
            var link = AccountLinks.Absolute(Request, "/account/reset-password", new Dictionary<string, string?>
            {
                ["member"] = AccountLinks.MemberKey(HttpContext.RequestServices, member.Id),
                ["code"] = code,
            });
            await mail.SendAsync(AccountMail.Kind.ResetPassword, member.Email!, member.Pseudonym, link, cancellationToken);
        }
        return Redirect(Platform.Languages.Localize("/account/check-email"));
    }
}
