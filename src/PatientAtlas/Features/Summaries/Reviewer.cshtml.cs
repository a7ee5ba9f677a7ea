using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Summaries;

/// <summary>A medical reviewer: who they are, their credentials, and the summaries they approved.</summary>
[OutputCache(PolicyName = PagePolicy.Name, Tags = [PagePolicy.Reviewers])]
public sealed class ReviewerModel(AtlasDb db) : PageModel
{
    public sealed record Reviewed(string ConditionSlug, string ConditionName, string QuestionSlug, string? TemplateKey, string? CustomText, string Language, DateOnly? ReviewedOn);

    public required Reviewer Person { get; set; }
    public IReadOnlyList<Reviewed> Summaries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? reviewer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reviewer))
        {
            return NotFound();
        }
        var person = await db.Reviewers.AsNoTracking().FirstOrDefaultAsync(r => r.Slug == reviewer, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }
        Person = person;
        Summaries = await (
            from r in db.SummaryRevisions.AsNoTracking()
            where r.ReviewerId == person.Id && r.Status == SummaryStatus.Published
            join s in db.Summaries on r.SummaryId equals s.Id
            join q in db.Questions on s.QuestionId equals q.Id
            join c in db.Conditions on q.ConditionId equals c.Id
            orderby c.SortKey, q.Slug, s.Language
            select new Reviewed(c.Slug, c.Name, q.Slug, q.TemplateKey, q.CustomText, s.Language, r.ReviewedOn))
            .Take(500)
            .ToListAsync(cancellationToken);
        return Page();
    }
}
