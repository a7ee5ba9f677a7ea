using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Search;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Conditions;

/// <summary>
/// The member's relations to conditions (health data: consent first). A condition is found with the site's search
/// (the search box's suggestions with JavaScript, a GET search on this page without), then added with one relation;
/// each relation is private until the member shows it on their profile, and can be changed or removed.
/// </summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class ConditionsModel(AtlasDb db, SiteSearch search, TimeProvider clock) : PageModel
{
    public const int MaxFound = 10;

    /// <summary>The search for a condition to add (GET, so it works without JavaScript).</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The condition the suggestions picked (its slug), preselected among the results.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Pick { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? Condition { get; set; }

    [BindProperty]
    public string? Relation { get; set; }

    [BindProperty]
    public bool Show { get; set; }

    [BindProperty]
    public long? Id { get; set; }

    public sealed record Row(long Id, string Slug, string Name, Relation Relation, bool Show);

    public sealed record Found(string Slug, string Name);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<Found>? Results { get; private set; }

    private int MemberId => User.MemberId();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var relation = Relations.Parse(Relation);
        var condition = string.IsNullOrEmpty(Condition) || Condition.Length > 200
            ? null
            : await db.Conditions.AsNoTracking().Where(c => c.Slug == Condition && !c.IsObsolete).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(Condition))
        {
            ModelState.AddModelError(nameof(Condition), "Conditions.ConditionRequired");
        }
        else if (condition is null)
        {
            ModelState.AddModelError(nameof(Condition), "Conditions.ConditionUnknown");
        }
        else if (await db.Set<MemberRelation>().AnyAsync(r => r.MemberId == MemberId && r.ConditionId == condition, cancellationToken))
        {
            ModelState.AddModelError(nameof(Condition), "Conditions.AlreadyAdded");
        }
        else if (await db.Set<MemberRelation>().CountAsync(r => r.MemberId == MemberId, cancellationToken) >= Relations.MaxPerMember)
        {
            ModelState.AddModelError(nameof(Condition), "Conditions.TooMany");
        }
        if (relation is null)
        {
            ModelState.AddModelError(nameof(Relation), string.IsNullOrEmpty(Relation) ? "Conditions.RelationRequired" : "Conditions.RelationUnknown");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        db.Add(new MemberRelation { MemberId = MemberId, ConditionId = condition!.Value, Relation = relation!.Value, ShowOnProfile = Show, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            // The same condition added a moment ago from another tab.
            db.ChangeTracker.Clear();
            ModelState.AddModelError(nameof(Condition), "Conditions.AlreadyAdded");
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect(Platform.Languages.Localize("/account/conditions") + "?done=added");
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken cancellationToken)
    {
        if (Relations.Parse(Relation) is not { } relation || !ModelState.IsValid)
        {
            ModelState.AddModelError("", "Conditions.RelationUnknown");
            await LoadAsync(cancellationToken);
            return Page();
        }
        if (await db.Set<MemberRelation>().FirstOrDefaultAsync(r => r.Id == Id && r.MemberId == MemberId, cancellationToken) is not { } row)
        {
            return NotFound();
        }
        if (row.Relation != relation)
        {
            // Another kind is a new relation for the map: it counts after the same delay as an added one.
            row.CreatedAt = clock.GetUtcNow().UtcDateTime;
        }
        (row.Relation, row.ShowOnProfile) = (relation, Show);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect(Platform.Languages.Localize("/account/conditions") + "?done=changed");
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<MemberRelation>().FirstOrDefaultAsync(r => r.Id == Id && r.MemberId == MemberId, cancellationToken) is not { } row)
        {
            return NotFound();
        }
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect(Platform.Languages.Localize("/account/conditions") + "?done=removed");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var memberId = MemberId;
        Rows = await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == memberId)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (r, c) => new { r.Id, c.Slug, c.Name, c.Abbreviation, r.Relation, r.ShowOnProfile, c.SortKey })
            .OrderBy(r => r.SortKey).ThenBy(r => r.Id)
            .Select(r => new Row(r.Id, r.Slug, QuestionTemplates.NameWithAbbreviation(r.Name, r.Abbreviation), r.Relation, r.ShowOnProfile))
            .ToListAsync(cancellationToken);
        Query = Query?.Trim();
        if (string.IsNullOrEmpty(Query))
        {
            return;
        }
        if (Query.Length > SearchText.MaxQueryLength)
        {
            ModelState.AddModelError("q", "Conditions.QueryTooLong");
            return;
        }
        var found = await search.ConditionsAsync(SiteSearch.ParsedQuery.Parse(Query), MaxFound, fuzzy: true, cancellationToken);
        var ids = found.Conditions.Select(c => c.Id).Take(MaxFound).ToList();
        var rows = await db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id) && !c.IsObsolete)
            .Select(c => new { c.Id, c.Slug, c.Name, c.Abbreviation }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var results = ids.Where(rows.ContainsKey).Select(id => new Found(rows[id].Slug, QuestionTemplates.NameWithAbbreviation(rows[id].Name, rows[id].Abbreviation))).ToList();
        // A suggestion picked with JavaScript names its condition: listed first even when its label does not search as typed.
        if (!string.IsNullOrEmpty(Pick) && Pick.Length <= 200 && results.All(r => r.Slug != Pick)
            && await db.Conditions.AsNoTracking().Where(c => c.Slug == Pick && !c.IsObsolete).Select(c => new { c.Slug, c.Name, c.Abbreviation }).FirstOrDefaultAsync(cancellationToken) is { } picked)
        {
            results.Insert(0, new Found(picked.Slug, QuestionTemplates.NameWithAbbreviation(picked.Name, picked.Abbreviation)));
        }
        Results = results;
    }
}
