using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>The member's hub: who they are here, and the way to everything they control.</summary>
[Authorize]
public sealed class IndexModel(UserManager<Member> users) : PageModel
{
    public Member Member { get; private set; } = null!;

    public IList<string> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        Member = member;
        Roles = await users.GetRolesAsync(member);
        return Page();
    }
}
