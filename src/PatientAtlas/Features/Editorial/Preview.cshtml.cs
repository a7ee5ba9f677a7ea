using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// A revision as the public page will show it, through the question page's own summary partials: the open draft by
/// default, or any revision of the history (?revision=). A draft shows today's dates and no reviewer: approval sets them.
/// </summary>
[Authorize(Policy = RolePolicies.Editorial)]
public sealed class PreviewModel(AtlasDb db, TimeProvider clock, IOptions<EditorialOptions> options, IStringLocalizer<SharedResource> t) : PageModel
{
    public SummaryWorkflow.Target Target { get; private set; } = null!;
    public QuestionView.SummaryFrame Frame { get; private set; } = null!;
    public SummaryRevision Revision { get; private set; } = null!;
    public string QuestionText { get; private set; } = "";

    /// <summary>For an earlier revision: its word diff against the reviewed revision before it (the full history, diff by diff).</summary>
    public IReadOnlyList<WordDiff.Run>? Diff { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, [FromQuery] string? lang, [FromQuery] int? revision, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, lang ?? "en", cancellationToken);
        if (target?.SummaryId is not { } summaryId)
        {
            return NotFound();
        }
        Target = target;
        var found = revision is { } id
            ? await db.SummaryRevisions.AsNoTracking().Include(r => r.Citations).Include(r => r.Reviewer).FirstOrDefaultAsync(r => r.Id == id && r.SummaryId == summaryId, cancellationToken)
            : await SummaryWorkflow.WorkingAsync(db, summaryId, tracked: false, cancellationToken) ?? await SummaryWorkflow.PublishedAsync(db, summaryId, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        Revision = found;
        if (revision is not null)
        {
            var previous = await db.SummaryRevisions.AsNoTracking().Include(r => r.Citations)
                .Where(r => r.SummaryId == summaryId && r.Id < found.Id && (r.Status == SummaryStatus.Published || r.Status == SummaryStatus.Superseded))
                .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            Diff = WordDiff.Of(WordDiff.TextOf(previous), WordDiff.TextOf(found));
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var reviewed = found.ReviewedOn ?? today;
        Frame = new QuestionView.SummaryFrame(
            new QuestionView.SummaryInfo(target.Language, found.ShortAnswer, found.BodyMarkdown, found.AuthorName,
                found.Reviewer is { } r ? new QuestionView.ReviewerInfo(r.Slug, r.FullName, r.Credentials) : null,
                reviewed, found.PublishedOn ?? today, found.NextReviewDue ?? reviewed.AddMonths(options.Value.MonthsFor(target.TemplateKey)),
                [.. found.Citations.OrderBy(c => c.Position).Select(c => new QuestionView.CitationInfo(c.Position, c.Title, c.Url, c.PubMedId, c.Doi))]),
            target.Language, $"/conditions/{target.ConditionSlug}/{target.QuestionSlug}", today);
        QuestionText = target.TemplateKey is null ? target.CustomText ?? target.QuestionSlug : t[$"Question.{target.TemplateKey}", target.ConditionName];
        return Page();
    }
}
