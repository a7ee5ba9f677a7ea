using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Catalog;

/// <summary>
/// A grouping's browse page ("Rare neurologic disease"): its members, each with how much content people have
/// written about it. Groupings have no questions of their own.
/// </summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class GroupPageModel(AtlasDb db, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 100;

    public sealed record Member(ConditionLink Link, int Experiences, int Summaries);

    public required ConditionDetails Group { get; set; }
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public int MemberCount { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync(string? group, [FromQuery] string? page, CancellationToken cancellationToken)
    {
        if (!BadRequestPages.TryParsePage(page, out var number))
        {
            return this.BadRequestPage(t["Conditions.BadPage"]);
        }
        PageNumber = number;
        await using var snapshot = await db.BeginReadSnapshotAsync(cancellationToken);
        var found = await ConditionLookup.FindAsync(db, group, cancellationToken);
        if (found.Outcome != ConditionLookup.Result.Found)
        {
            return found.Outcome == ConditionLookup.Result.Moved && ConditionLookup.IsSlugPath(found.Slug ?? "")
                ? RedirectPermanent(Languages.Localize($"/groups/{found.Slug}"))
                : ConditionLookup.Answer(this, found, "");
        }
        Group = await ConditionDetails.LoadAsync(db, found.Id, cancellationToken);
        var members = db.ConditionParents.AsNoTracking()
            .Where(p => p.ParentId == found.Id)
            .Join(db.Conditions, p => p.ChildId, c => c.Id, (p, c) => c)
            .Where(c => !c.IsObsolete);
        MemberCount = await members.CountAsync(cancellationToken);
        // A condition's family can be browsed here too ("Inflammatory bowel disease": Crohn's disease, ulcerative colitis);
        // one without members has only its condition page. Not indexed: its condition page is the one to find.
        if (Group.Kind == ConditionKind.Condition)
        {
            if (MemberCount == 0)
            {
                return Redirect(Languages.Localize(CatalogPaths.Of(Group.Slug, Group.Kind)));
            }
            ViewData["NoIndex"] = true;
        }
        PageCount = Math.Max(1, (MemberCount + PageSize - 1) / PageSize);
        if (PageNumber > PageCount)
        {
            return NotFound();
        }
        var rows = await members
            .OrderBy(c => c.SortKey).ThenBy(c => c.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(c => new
            {
                c.Id, c.Slug, c.Name, c.Kind,
                Experiences = db.Questions.Where(q => q.ConditionId == c.Id).Sum(q => (int?)q.ExperienceCount) ?? 0,
                Summaries = db.Questions.Count(q => q.ConditionId == c.Id && q.HasPublishedSummary),
            })
            .ToListAsync(cancellationToken);
        var names = await ConditionDetails.NamesInAsync(db, Languages.Current, rows.Select(r => r.Id), cancellationToken);
        Members = [.. rows.Select(r => new Member(new ConditionLink(r.Slug, names.GetValueOrDefault(r.Id) ?? r.Name, r.Kind), r.Experiences, r.Summaries))];
        return Page();
    }

    public string PageHref(int page) => Languages.Localize($"/groups/{Group.Slug}") + (page > 1 ? $"?page={page}" : "");
}
