using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Catalog;

/// <summary>
/// Keeps <see cref="Condition.Abbreviation"/>: the first abbreviation of a condition, a curated (starter) one before
/// any imported one, then the oldest. Every write of condition names calls <see cref="RefreshAsync"/> in its
/// transaction, so pages, search and the API read one column instead of ordering the names on every request.
/// </summary>
public static class ConditionAbbreviations
{
    public static Task RefreshAsync(AtlasDb db, CancellationToken cancellationToken) =>
        db.Conditions.ExecuteUpdateAsync(s => s.SetProperty(c => c.Abbreviation, c => c.Names
            .Where(n => n.Kind == NameKind.Abbreviation && n.Language == Platform.Languages.Default)
            .OrderBy(n => n.Source == StarterCatalog.Source ? 0 : 1).ThenBy(n => n.Id)
            .Select(n => n.Text)
            .FirstOrDefault()), cancellationToken);
}
