using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;

namespace PatientAtlas.Features.Map;

/// <summary>
/// Who a condition's map counts changes with a member's place or visibility, a relation added, changed or removed, and
/// a consent given or withdrawn: the map page and the condition page's map line are cached for everyone, so those
/// conditions are named for their pages' eviction. A bulk removal (account deleted) names the member's conditions
/// itself before deleting (<c>db.Changed.Conditions</c>).
/// </summary>
public sealed class MapEffects : ISaveEffect
{
    public IReadOnlyCollection<Type> Follows { get; } = [typeof(MemberLocation), typeof(MemberRelation), typeof(MemberConsent)];

    public int Order => EffectOrder.Content;

    public async Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        foreach (var (relation, change) in unit.Rows<MemberRelation>())
        {
            unit.Changed.Conditions([relation.ConditionId, change.Original<int>(nameof(MemberRelation.ConditionId))]);
        }
        var members = unit.Rows<MemberLocation>().Select(r => r.Change.Original<int>(nameof(MemberLocation.MemberId)))
            .Concat(unit.Rows<MemberConsent>().Select(r => r.Change.Original<int>(nameof(MemberConsent.MemberId))))
            .Distinct().ToList();
        if (members.Count > 0)
        {
            unit.Changed.Conditions(await ConditionsOfAsync(unit.Db, members, cancellationToken));
        }
    }

    private static Task<List<int>> ConditionsOfAsync(AtlasDb db, List<int> memberIds, CancellationToken cancellationToken) =>
        db.Set<MemberRelation>().AsNoTracking().Where(r => memberIds.Contains(r.MemberId)).Select(r => r.ConditionId).Distinct().ToListAsync(cancellationToken);
}
