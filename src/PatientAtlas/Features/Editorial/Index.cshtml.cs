using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Editorial;

/// <summary>/editorial: start or find a summary, the drafts, the review queue, and the dashboard of what is due or changed most.</summary>
[Authorize(Policy = RolePolicies.Editorial)]
public sealed class IndexModel(AtlasDb db, TimeProvider clock) : PageModel
{
    /// <summary>An open revision; <see cref="Mine"/>: the viewer wrote or edited it, so it is not theirs to review.</summary>
    public sealed record QueueRow(string ConditionSlug, string ConditionName, string QuestionSlug, string Language, SummaryStatus Status, string AuthorName, DateTime At,
        bool Mine = false);

    public IReadOnlyList<QueueRow> Queue { get; private set; } = [];
    public IReadOnlyList<ReviewDigest.Row> Due { get; private set; } = [];
    public IReadOnlyList<ReviewDigest.Row> MostChanged { get; private set; } = [];

    /// <summary>Readers' open requests for a summary, counted per page, most-wanted first.</summary>
    public sealed record RequestedRow(string PagePath, int Count);

    public IReadOnlyList<RequestedRow> Requested { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Condition { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Question { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Lang { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Condition))
        {
            // A condition's slug or any address of its pages ("/conditions/hemifacial-spasm/diet", the full URL).
            var parts = Condition.Trim().Split('/', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.FindIndex(parts, p => p == "conditions");
            var slug = at >= 0 && at + 1 < parts.Length ? parts[at + 1] : parts.LastOrDefault() ?? "";
            var question = string.IsNullOrWhiteSpace(Question) && at >= 0 && at + 2 < parts.Length ? parts[at + 2] : Question;
            var target = await SummaryWorkflow.FindAsync(db, slug, question, Lang ?? "en", cancellationToken);
            if (target is not null)
            {
                return Redirect(Platform.Languages.Localize(target.EditorialPath));
            }
            ModelState.AddModelError("Condition", "Editorial.Start.NotFound");
        }
        var working = SummaryWorkflow.Working;
        var me = User.MemberIdOrNull();
        Queue = await (
            from r in db.SummaryRevisions.AsNoTracking()
            where working.Contains(r.Status)
            join s in db.Summaries on r.SummaryId equals s.Id
            join q in db.Questions on s.QuestionId equals q.Id
            join c in db.Conditions on q.ConditionId equals c.Id
            orderby r.Status descending, r.UpdatedAt ?? r.CreatedAt
            select new QueueRow(c.Slug, c.Name, q.Slug, s.Language, r.Status, r.AuthorName, r.UpdatedAt ?? r.CreatedAt, r.Contributors.Any(x => x.MemberId == me)))
            .Take(200).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Due = await ReviewDigest.DueAsync(db, today, 50, cancellationToken);
        MostChanged = await ReviewDigest.MostChangedAsync(db, 20, cancellationToken);
        var requested = await db.CorrectionReports.AsNoTracking()
            .Where(r => r.Kind == Corrections.ReportKind.SummaryRequest && r.HandledAt == null && r.PagePath.StartsWith("/conditions/")
                && !db.Questions.Any(q => q.Id == r.QuestionId && q.HasPublishedSummary))
            .GroupBy(r => r.PagePath)
            .Select(g => new { Path = g.Key, Count = g.Count() })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Path)
            .Take(20).ToListAsync(cancellationToken);
        Requested = [.. requested.Select(r => new RequestedRow(r.Path, r.Count))];
        return Page();
    }

    public static IReadOnlyList<string> Templates => QuestionTemplates.Keys;
}
