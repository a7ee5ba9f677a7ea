using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>Where a suspended member's write lands: until when, and what they can still do.</summary>
[Authorize]
public sealed class SuspendedModel(AtlasDb db, TimeProvider clock) : PageModel
{
    public DateTime? Until { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Until = await Suspensions.UntilAsync(db, User.MemberId(), clock.GetUtcNow().UtcDateTime, cancellationToken);
}
