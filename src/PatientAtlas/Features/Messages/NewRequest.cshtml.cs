using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Messages;

/// <summary>/messages/new?to={pseudonym}: ask a member to talk, with a short message. Nothing else is revealed to either side.</summary>
[Authorize]
public sealed class NewRequestModel(AtlasDb db, ContactWrites writes) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    public int MaxLength => writes.MaxLength;

    private int MemberId => User.MemberId();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var key = string.IsNullOrWhiteSpace(To) ? null : Pseudonyms.Key(To.Trim());
        return key is not null && await db.Users.AnyAsync(m => m.PseudonymKey == key, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await writes.RequestAsync(MemberId, To, Message, PublicOrigin.Of(HttpContext), cancellationToken);
        if (outcome.Error == ContactWrites.NotFound)
        {
            return NotFound();
        }
        if (!outcome.Ok)
        {
            ModelState.AddModelError(nameof(Message), outcome.Error!);
            return Page();
        }
        return outcome.Crisis
            ? Redirect(Languages.Localize(Experiences.CrisisResources.Path) + "?sent=message")
            : Redirect(Languages.Localize("/messages") + "?done=sent");
    }
}
