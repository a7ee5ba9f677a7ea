using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Map;

/// <summary>
/// Who a condition's map counts changes with a member's place or visibility, a relation added, changed or removed, and
/// an account or consent that goes; the map page and the condition page's map line are output-cached for everyone.
/// One call before the caller's save does what such a write owes them: a change note per condition joins the caller's
/// unit of work (so other nodes evict within <c>Site:CacheSyncSeconds</c>, and only if it commits), and this node
/// evicts those conditions' pages when the response starts, which is after the handler has committed, so the reader's
/// next request is counted afresh.
/// </summary>
public static class MapChanges
{
    /// <summary>The map counts of these conditions change in the caller's next save.</summary>
    public static async Task RecordAsync(HttpContext http, AtlasDb db, DateTime now, IReadOnlyCollection<int> conditionIds, CancellationToken cancellationToken)
    {
        var slugs = await db.Conditions.AsNoTracking().Where(c => conditionIds.Contains(c.Id)).Select(c => new { c.Id, c.Slug }).ToListAsync(cancellationToken);
        Record(http, db, now, [.. slugs.Select(s => (s.Id, s.Slug))]);
    }

    /// <summary>
    /// The map counts of every condition the member has a relation to change in the caller's next save (read now, so
    /// call it before the relations are removed).
    /// </summary>
    public static async Task RecordForMemberAsync(HttpContext http, AtlasDb db, DateTime now, int memberId, CancellationToken cancellationToken)
    {
        var conditions = await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == memberId)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (_, c) => new { c.Id, c.Slug }).ToListAsync(cancellationToken);
        Record(http, db, now, [.. conditions.Select(c => (c.Id, c.Slug))]);
    }

    private static void Record(HttpContext http, AtlasDb db, DateTime now, IReadOnlyList<(int Id, string Slug)> conditions)
    {
        if (conditions.Count == 0)
        {
            return;
        }
        foreach (var (id, _) in conditions)
        {
            ContentChanges.Record(db, now, id);
        }
        var changes = http.RequestServices.GetRequiredService<ContentChanges>();
        http.Response.OnStarting(async () =>
        {
            foreach (var (_, slug) in conditions)
            {
                await changes.EvictAsync(ChangedPages.Condition(slug), CancellationToken.None);
            }
        });
    }
}
