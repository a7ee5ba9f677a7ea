using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Pages;

/// <summary>Sign out is a POST (a link or an image cannot sign anyone out); the GET page holds the button.</summary>
public sealed class LogoutModel(SignInManager<Member> signIn) : PageModel
{
    public void OnGet()
    {
    }

    [AllowWhileRefused("signing out")]
    public async Task<IActionResult> OnPostAsync()
    {
        // Ends this session's row too: the cookie handler removes it from the session store.
        await signIn.SignOutAsync();
        return Redirect(Platform.Languages.Localize("/"));
    }
}
