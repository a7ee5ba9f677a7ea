using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Tokens;

/// <summary>
/// /account/tokens: the member's personal access tokens for the API. A new token is shown once, in the answer to the
/// form that made it (never stored in the clear, never in a redirect's address), with "no-store" so no cache keeps it.
/// </summary>
[Authorize]
public sealed class TokensModel(AtlasDb db, UserManager<Member> users, TimeProvider clock) : PageModel
{
    public List<PersonalTokens.Listed> Tokens { get; private set; } = [];

    [BindProperty]
    public NewToken Form { get; set; } = new();

    /// <summary>The token just made, shown once.</summary>
    public string? Created { get; private set; }

    public bool Revoked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        Tokens = await PersonalTokens.ListAsync(db, member.Id, Now, cancellationToken);
        return Page();
    }

    [AllowWhileRefused("account security: a personal access token")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        // A value the binder could not read ("Admin" for a scope) leaves the default in place: that is a refusal too.
        var problem = !ModelState.IsValid
            ? ModelState.Keys.FirstOrDefault(k => ModelState[k]!.Errors.Count > 0) switch
            {
                "Form.Scope" => "Tokens.ScopeInvalid",
                "Form.Days" => "Tokens.LifetimeInvalid",
                _ => "Tokens.NameRequired",
            }
            : PersonalTokens.Problem(Form.Name, Form.Scope, Form.Days);
        if (problem is not null)
        {
            ModelState.Clear();
            ModelState.AddModelError(problem == "Tokens.ScopeInvalid" ? "Form.Scope" : problem == "Tokens.LifetimeInvalid" ? "Form.Days" : "Form.Name", problem);
        }
        else if (await PersonalTokens.CreateAsync(db, member, Form.Name!, Form.Scope!.Value, Form.Days!.Value, Now, cancellationToken) is { } made)
        {
            Created = made.Token;
            Form = new();
            Response.Headers.CacheControl = "no-store";
        }
        else
        {
            ModelState.AddModelError("", "Tokens.TooMany");
        }
        Tokens = await PersonalTokens.ListAsync(db, member.Id, Now, cancellationToken);
        return Page();
    }

    [AllowWhileRefused("account security: revoking a token")]
    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        if (!await PersonalTokens.RevokeAsync(db, member, id, Now, cancellationToken))
        {
            return NotFound();
        }
        return Redirect(Platform.Languages.Localize("/account/tokens") + "?revoked=1");
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public sealed class NewToken
    {
        public string? Name { get; set; }
        public TokenScope? Scope { get; set; } = TokenScope.Read;
        public int? Days { get; set; } = 90;
    }
}
