using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Corrections;

/// <summary>The contact page: who runs the site, which channel fits which need, and a form whose messages the editors read.</summary>
[IgnoreAntiforgeryToken(Order = 1001)] // after the site-wide check, so it wins: ReportForm checks the token, which keeps the reader's text when the token is stale or forged
[EnableRateLimiting(CorrectionsFeature.RateLimit)]
public sealed class ContactModel(AtlasDb db, IAntiforgery antiforgery, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ReportInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet([FromQuery] string? sent, [FromQuery] string? suggest)
    {
        Sent = sent == "1";
        if (!Sent && !string.IsNullOrWhiteSpace(suggest) && suggest.Length <= 200)
        {
            // "Suggest a condition" from a search that found nothing: the form starts with the reader's words.
            var text = t["Contact.SuggestCondition", suggest.Trim()].Value;
            ModelState.SetModelValue("Input.Message", text, text);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var stored = await ReportForm.TryStoreAsync(HttpContext, db, antiforgery, t, ModelState, Input, ReportKind.Message,
            null, "/contact", clock.GetUtcNow().UtcDateTime, cancellationToken);
        return stored ? Redirect(Platform.Languages.Localize("/contact") + "?sent=1") : Page();
    }
}
