using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Messages;

/// <summary>/messages: requests to answer, requests sent (pending or "not accepted", never why), and conversations.</summary>
[Authorize]
public sealed class InboxModel(AtlasDb db, ContactWrites writes) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public long Id { get; set; }

    public Inbox.View View { get; private set; } = null!;

    private int MemberId => User.MemberId();

    public async Task OnGetAsync(CancellationToken cancellationToken) => View = await Inbox.LoadAsync(db, MemberId, cancellationToken);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken) => DecideAsync(true, cancellationToken);

    [AllowWhileRefused("declining a contact request")]
    public Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken) => DecideAsync(false, cancellationToken);

    private async Task<IActionResult> DecideAsync(bool accept, CancellationToken cancellationToken)
    {
        var outcome = await writes.DecideAsync(MemberId, Id, accept, PublicOrigin.Of(HttpContext), cancellationToken);
        if (!outcome.Ok)
        {
            return NotFound();
        }
        return Redirect(accept ? Languages.Localize($"/messages/{outcome.Id}") : Languages.Localize("/messages") + "?done=declined");
    }
}
