using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Security;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>The member's hub: who they are here, where they are signed in, and the way to everything they control.</summary>
[Authorize]
public sealed class IndexModel(AtlasDb db, UserManager<Member> users, SignInManager<Member> signIn, TimeProvider clock) : PageModel
{
    public Member Member { get; private set; } = null!;

    public IList<string> Roles { get; private set; } = [];

    public IReadOnlyList<SessionList.Row> Sessions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        Member = member;
        Roles = await users.GetRolesAsync(member);
        Sessions = await SessionList.ListAsync(db, member.Id, SessionEnding.CurrentKey(User), clock.GetUtcNow().UtcDateTime, cancellationToken);
        return Page();
    }

    /// <summary>Ends one session (a lost phone, a shared computer); ending this one signs out here.</summary>
    [AllowWhileRefused("account security: ending a session")]
    public async Task<IActionResult> OnPostEndSessionAsync(string? session, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        if (await SessionList.FindAsync(db, member.Id, session, cancellationToken) is not { } key)
        {
            // Already ended (another tab, another device): nothing left to do.
            return Redirect(Platform.Languages.Localize("/account"));
        }
        if (key == SessionEnding.CurrentKey(User))
        {
            await signIn.SignOutAsync();
            return Redirect(Platform.Languages.Localize("/"));
        }
        await db.Set<MemberSession>().Where(s => s.Key == key).ExecuteDeleteAsync(cancellationToken);
        return Redirect(Platform.Languages.Localize("/account"));
    }

    /// <summary>"Sign out everywhere": every session ends, this one too, and no older cookie can come back.</summary>
    [AllowWhileRefused("account security: ending sessions")]
    public async Task<IActionResult> OnPostEndAllAsync()
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        await SessionEnding.EndAllAsync(db, member.Id);
        await users.UpdateSecurityStampAsync(member);
        await signIn.SignOutAsync();
        return Redirect(Platform.Languages.Localize("/account/login"));
    }
}
