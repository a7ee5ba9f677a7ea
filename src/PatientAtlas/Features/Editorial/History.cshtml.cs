using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Editorial;

/// <summary>/conditions/{condition}/{question}/history: every published revision of the question's summaries, with date, reviewer and change note.</summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class HistoryModel(AtlasDb db, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(int Id, string Language, SummaryStatus Status, DateOnly? ReviewedOn, string? ReviewerSlug, string? ReviewerName, string? ChangeNote, string AuthorName);

    public SummaryWorkflow.Target Target { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string QuestionText { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? condition, string? question, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, Languages.Current, cancellationToken);
        if (target?.QuestionId is not { } questionId)
        {
            return NotFound();
        }
        Target = target;
        QuestionText = target.TemplateKey is null ? target.CustomText ?? target.QuestionSlug : t[$"Question.{target.TemplateKey}", target.ConditionName];
        Rows = await (
            from r in db.SummaryRevisions.AsNoTracking()
            where r.Status == SummaryStatus.Published || r.Status == SummaryStatus.Superseded
            join s in db.Summaries on r.SummaryId equals s.Id
            where s.QuestionId == questionId
            orderby s.Language, r.ReviewedOn descending, r.Id descending
            select new Row(r.Id, s.Language, r.Status, r.ReviewedOn, r.Reviewer == null ? null : r.Reviewer.Slug,
                r.Reviewer == null ? null : r.Reviewer.FullName + ", " + r.Reviewer.Credentials, r.ChangeNote, r.AuthorName))
            .Take(500).ToListAsync(cancellationToken);
        return Rows.Count == 0 ? NotFound() : Page();
    }
}
