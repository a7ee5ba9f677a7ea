using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

[OutputCache(PolicyName = PagePolicy.Name, Tags = [PagePolicy.Home])]
public sealed class HomeModel(AtlasDb db) : PageModel
{
    public sealed record FeaturedCondition(string Slug, string Name, string? Abbreviation, string? Definition);

    public sealed record LatestExperience(string ConditionSlug, string ConditionName, string QuestionSlug, string Pseudonym, string Language, string Excerpt, DateTime CreatedAt);

    public IReadOnlyList<FeaturedCondition> Featured { get; private set; } = [];
    public IReadOnlyList<LatestExperience> Latest { get; private set; } = [];
    public int ConditionCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Featured = await db.Conditions.AsNoTracking()
            .Where(c => c.IsFeatured && !c.IsObsolete)
            .OrderBy(c => c.SortKey)
            .Take(12)
            .Select(c => new FeaturedCondition(
                c.Slug,
                c.Name,
                c.Abbreviation,
                c.Definition))
            .ToListAsync(cancellationToken);

        Latest = await (
            from e in db.Experiences.AsNoTracking()
            where e.Status == ExperienceStatus.Published
            orderby e.CreatedAt descending, e.Id descending
            join q in db.Questions on e.QuestionId equals q.Id
            join c in db.Conditions on e.ConditionId equals c.Id
            select new LatestExperience(c.Slug, c.Name, q.Slug, e.AuthorPseudonym, e.Language, e.Text.Substring(0, 240), e.CreatedAt))
            .Take(6)
            .ToListAsync(cancellationToken);

        ConditionCount = await db.Conditions.CountAsync(c => !c.IsObsolete, cancellationToken);
    }
}
