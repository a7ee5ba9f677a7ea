using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Editorial;

/// <summary>/editorial/{condition}/{question}/digest: what the community reported since the summary's last review.</summary>
[Authorize(Policy = RolePolicies.Editorial)]
public sealed class DigestPageModel(AtlasDb db, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public SummaryWorkflow.Target Target { get; private set; } = null!;
    public ReviewDigest.Digest? Digest { get; private set; }
    public string QuestionText { get; private set; } = "";
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, [FromQuery] string? lang, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, lang ?? "en", cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        Target = target;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        QuestionText = target.TemplateKey is null ? target.CustomText ?? target.QuestionSlug : t[$"Question.{target.TemplateKey}", target.ConditionName];
        if (target is { QuestionId: { } questionId, SummaryId: { } summaryId })
        {
            Digest = await ReviewDigest.ForAsync(db, questionId, summaryId, cancellationToken);
        }
        return Page();
    }
}
