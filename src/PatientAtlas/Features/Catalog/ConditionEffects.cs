using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data.Saving;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Catalog;

/// <summary>
/// The pages of the conditions a save named (<see cref="ChangeScope.ConditionIds"/>: a map count, an organisation
/// serving it, a question gone) are evicted: every page under the condition, the home page and search. A change to
/// the catalog itself (names, codes, parents, slugs: shown on the A–Z, group pages, search and every condition page)
/// evicts every page, as does a save that names everything.
/// </summary>
public sealed class ConditionEffects : ISaveEffect
{
    public IReadOnlyCollection<Type> Follows { get; } =
        [typeof(Condition), typeof(ConditionName), typeof(ConditionCode), typeof(ConditionParent), typeof(SlugRedirect), typeof(SourceTerm)];

    public int Order => EffectOrder.Conditions;

    public async Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        if (unit.Changed.Everything || unit.Wrote(Follows))
        {
            unit.Evict(PagePolicy.AllPages);
            return;
        }
        if (unit.Changed.ConditionIds.Count == 0)
        {
            return;
        }
        var ids = unit.Changed.ConditionIds.ToList();
        foreach (var slug in await unit.Db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Slug).ToListAsync(cancellationToken))
        {
            unit.Evict(ContentChanges.Tags(ChangedPages.Condition(slug)));
        }
    }
}

public static class CatalogFeature
{
    /// <summary>The catalog's save effects (condition pages follow their changes).</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services) => services.AddSaveEffect<ConditionEffects>();
}
