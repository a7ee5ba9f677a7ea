using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Catalog;

/// <summary>A condition's overview: names, codes, definition, family, and its questions with counts.</summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class ConditionPageModel(AtlasDb db) : PageModel
{
    public sealed record QuestionRow(string Slug, string? TemplateKey, string? CustomText, int Experiences, bool HasSummary);

    public required ConditionDetails Condition { get; set; }
    public IReadOnlyList<QuestionRow> QuestionRows { get; private set; } = [];

    /// <summary>
    /// Search engines see a condition page once it has something to read: a definition the import could read, a reviewed
    /// summary or an experience. Until then it is noindex and out of the sitemap (<see cref="Site.SitemapEndpoints"/>).
    /// </summary>
    public bool Indexable { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? condition, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.BeginReadSnapshotAsync(cancellationToken);
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        if (found.Outcome != ConditionLookup.Result.Found)
        {
            return ConditionLookup.Answer(this, found, "");
        }
        Condition = await ConditionDetails.LoadAsync(db, found.Id, cancellationToken);
        if (Condition.Kind != ConditionKind.Condition)
        {
            // A grouping has no questions: its page is the browse page of its members.
            return Redirect(Languages.Localize(CatalogPaths.Of(Condition.Slug, Condition.Kind)));
        }

        var questions = await db.Questions.AsNoTracking()
            .Where(q => q.ConditionId == found.Id)
            .Select(q => new
            {
                q.Id, q.Slug, q.TemplateKey, q.CustomText, q.ExperienceCount,
                HasSummary = q.HasPublishedSummary,
            })
            .ToListAsync(cancellationToken);
        var bySlug = questions.ToDictionary(q => q.Slug, StringComparer.Ordinal);

        var rows = QuestionTemplates.Keys.Select(key => bySlug.TryGetValue(key, out var q)
            ? new QuestionRow(key, key, null, q.ExperienceCount, q.HasSummary)
            : new QuestionRow(key, key, null, 0, false)).ToList();
        rows.AddRange(questions.Where(q => q.TemplateKey is null)
            .Select(q => new QuestionRow(q.Slug, null, q.CustomText, q.ExperienceCount, q.HasSummary)));
        QuestionRows = rows;
        Indexable = Condition.Definition is not null && !Condition.NeedsReview || rows.Any(r => r.HasSummary || r.Experiences > 0);
        if (!Indexable)
        {
            ViewData["NoIndex"] = true;
        }
        return Page();
    }
}
