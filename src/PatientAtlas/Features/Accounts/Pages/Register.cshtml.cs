using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>
/// Sign up. The answer is the same whether or not the address already has an account (its owner is told by mail),
/// so this page cannot be used to learn who is a member. Besides the door limit per address, sign-ups are limited per
/// client network (<see cref="SignUpThrottle"/>).
/// </summary>
[EnableRateLimiting(AccountServices.DoorRateLimit)]
public sealed class RegisterModel(AtlasDb db, UserManager<Member> users, AccountMail mail, MailThrottle throttle, SignUpThrottle signUps, TimeProvider clock)
    : PageModel
{
    [BindProperty]
    public RegisterForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect(AccountLinks.SafeReturn(ReturnUrl, "/account")) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Form.Email = Form.Email?.Trim();
        Form.Pseudonym = Form.Pseudonym?.Trim();
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var member = new Member
        {
            UserName = Form.Pseudonym,
            Email = Form.Email,
            Pseudonym = Form.Pseudonym!,
            PseudonymKey = Pseudonyms.Key(Form.Pseudonym!),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (Pseudonyms.Problem(Form.Pseudonym) is { } problem)
        {
            ModelState.AddModelError("Form.Pseudonym", problem);
        }
        else if (await db.Users.AnyAsync(m => m.PseudonymKey == member.PseudonymKey, cancellationToken))
        {
            ModelState.AddModelError("Form.Pseudonym", "Account.PseudonymTaken");
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, member, Form.Password);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Form.Password", AccountErrors.Key(error));
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!signUps.TryTake(Platform.ClientNetwork.Of(HttpContext), out var wait))
        {
            // The same "too many requests" page and Retry-After as the door limit; nothing was stored.
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var existing = await users.FindByEmailAsync(Form.Email!);
        if (existing is not null)
        {
            // Same work, same answer as a new account: a hash, a mail (to the owner, saying they already have one).
            users.PasswordHasher.HashPassword(member, Form.Password!);
            if (throttle.TryTake(existing.NormalizedEmail!))
            {
                await mail.SendAsync(AccountMail.Kind.AlreadyRegistered, existing.Email!, existing.Pseudonym,
                    AccountLinks.Absolute(Request, "/account/forgot-password", new Dictionary<string, string?>()), cancellationToken);
            }
            return RedirectToPage("CheckEmail");
        }

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(member, Form.Password!);
        }
        catch (DbUpdateException exception) when (db.IsUniqueViolation(exception))
        {
            // Two sign-ups with the same pseudonym (or address) at the same instant: both passed Identity's validators
            // and the database's unique index refused the later one. The same answers as if it had come a moment later.
            db.ChangeTracker.Clear();
            if (await users.FindByEmailAsync(Form.Email!) is not null)
            {
                return RedirectToPage("CheckEmail");
            }
            ModelState.AddModelError("Form.Pseudonym", "Account.PseudonymTaken");
            return Page();
        }
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                var field = error.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or "Account.PseudonymForm" or "Account.PseudonymReserved"
                    ? "Form.Pseudonym"
                    : error.Code == nameof(IdentityErrorDescriber.DuplicateEmail) ? null : "Form.Password";
                if (field is null)
                {
                    // Taken by a concurrent sign-up a moment ago: the same answer as any taken address.
                    return RedirectToPage("CheckEmail");
                }
                ModelState.AddModelError(field, AccountErrors.Key(error));
            }
            return Page();
        }
        await ConfirmationMail.SendAsync(users, mail, throttle, Request, member, cancellationToken, ReturnUrl);
        return RedirectToPage("CheckEmail");
    }

    public sealed class RegisterForm
    {
        [Required(ErrorMessage = "Account.EmailRequired")]
        [EmailAddress(ErrorMessage = "Account.EmailForm")]
        [StringLength(254, ErrorMessage = "Account.EmailForm")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Account.PseudonymRequired")]
        [StringLength(Pseudonyms.MaxLength, MinimumLength = Pseudonyms.MinLength, ErrorMessage = "Account.PseudonymForm")]
        public string? Pseudonym { get; set; }

        [Required(ErrorMessage = "Account.PasswordRequired")]
        [StringLength(AccountErrors.MaxPasswordLength, MinimumLength = 12, ErrorMessage = "Account.PasswordLength")]
        public string? Password { get; set; }
    }
}
