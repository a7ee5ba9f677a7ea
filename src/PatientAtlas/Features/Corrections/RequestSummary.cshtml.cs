using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Corrections;

/// <summary>"Ask the editors for a reviewed summary": a reader's request, counted per question on the editorial dashboard so
/// editors write the most-wanted summaries first.</summary>
[IgnoreAntiforgeryToken(Order = 1001)] // as the error report: ReportForm checks the token and keeps what the reader typed
[EnableRateLimiting(CorrectionsFeature.RateLimit)]
public sealed class RequestSummaryModel(AtlasDb db, IAntiforgery antiforgery, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public ReportInput Input { get; set; } = new();

    public bool Sent { get; private set; }
    public string ConditionSlug { get; private set; } = "";
    public string ConditionName { get; private set; } = "";
    public string QuestionText { get; private set; } = "";
    public string QuestionPath { get; private set; } = "";
    public bool HasSummary { get; private set; }
    private int? _questionId;

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, [FromQuery] string? sent, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, question, cancellationToken))
        {
            return NotFound();
        }
        Sent = sent == "1";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? condition, string? question, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, question, cancellationToken))
        {
            return NotFound();
        }
        var stored = await ReportForm.TryStoreAsync(HttpContext, db, antiforgery, t, ModelState, Input, ReportKind.SummaryRequest,
            _questionId, QuestionPath, clock.GetUtcNow().UtcDateTime, cancellationToken, messageRequired: false);
        return stored ? Redirect(Languages.Localize(QuestionPath + "/request-summary") + "?sent=1") : Page();
    }

    private async Task<bool> LoadAsync(string? condition, string? question, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(condition) || string.IsNullOrWhiteSpace(question))
        {
            return false;
        }
        var found = await db.Conditions.AsNoTracking()
            .Where(c => c.Slug == condition && !c.IsObsolete && c.Kind == Catalog.ConditionKind.Condition)
            .Select(c => new
            {
                c.Slug, c.Name, c.Abbreviation,
                Question = db.Questions.Where(q => q.ConditionId == c.Id && q.Slug == question).Select(q => new { q.Id, q.TemplateKey, q.CustomText, q.HasPublishedSummary }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || (found.Question is null && !QuestionTemplates.IsTemplate(question)))
        {
            return false;
        }
        ConditionSlug = found.Slug;
        ConditionName = found.Name;
        _questionId = found.Question?.Id;
        HasSummary = found.Question?.HasPublishedSummary == true;
        var key = found.Question is null ? question : found.Question.TemplateKey;
        QuestionText = key is null ? found.Question?.CustomText ?? question : t[$"Question.{key}", QuestionTemplates.NameWithAbbreviation(found.Name, found.Abbreviation)];
        QuestionPath = $"/conditions/{found.Slug}/{question}";
        return true;
    }
}
