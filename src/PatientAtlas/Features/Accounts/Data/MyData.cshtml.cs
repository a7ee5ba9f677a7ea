using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Data;

/// <summary>
/// The member's data is theirs: "Download my data" (one JSON file of everything every <see cref="IMemberDataPart"/>
/// stores about them) and "Delete my account" (password, then their choice for what they shared), which in this one
/// request removes the account and everything hanging on it, anonymizes or deletes their content, keeps the decision
/// in the audit trail without naming them, and signs them out.
/// </summary>
[Authorize]
public sealed class MyDataModel(
    AtlasDb db, UserManager<Member> users, SignInManager<Member> signIn, IEnumerable<IMemberDataPart> parts, TimeProvider clock) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Choice { get; set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        var document = new Dictionary<string, object?>
        {
            ["format"] = "patientatlas-member-data/1",
            ["exportedAt"] = clock.GetUtcNow().UtcDateTime,
        };
        foreach (var part in parts)
        {
            document[part.Name] = await part.ReadAsync(db, member, cancellationToken);
        }
        Response.Headers.CacheControl = "no-store";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        return File(bytes, "application/json; charset=utf-8", $"patientatlas-data-{clock.GetUtcNow().UtcDateTime:yyyy-MM-dd}.json");
    }

    [AllowWhileRefused("deleting one's account and data")]
    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Account.PasswordRequired");
        }
        // Counted like a sign-in: repeated wrong passwords lock the account out, so a stolen session cannot guess its way to deletion.
        else if (Password.Length > AccountErrors.MaxPasswordLength || !(await signIn.CheckPasswordSignInAsync(member, Password, lockoutOnFailure: true)).Succeeded)
        {
            ModelState.AddModelError(nameof(Password), "Account.PasswordWrong");
        }
        var choice = MemberContent.Parse(Choice);
        if (choice is null)
        {
            ModelState.AddModelError(nameof(Choice), "Consent.ContentRequired");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // One transaction: every part erased or anonymized, the decision audited without naming anyone, the account gone.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var part in parts)
            {
                await part.EraseAsync(db, member, choice!.Value, cancellationToken);
            }
            MemberContent.RecordDeletion(db, clock.GetUtcNow().UtcDateTime, choice!.Value);
            await db.SaveChangesAsync(cancellationToken);
            var deleted = await users.DeleteAsync(member);
            if (!deleted.Succeeded)
            {
                throw new InvalidOperationException("account deletion refused: " + string.Join(", ", deleted.Errors.Select(e => e.Code)));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await signIn.SignOutAsync();
        return Redirect(Platform.Languages.Localize("/account/deleted"));
    }
}
