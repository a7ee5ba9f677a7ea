using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;

namespace PatientAtlas.Features.Map;

/// <summary>
/// One published cell of a condition's map: a place (a city, the rest of a country, or "elsewhere" when
/// <see cref="Country"/> is null) and a relation (null only in the elsewhere cell that mixes relations), with its count.
/// </summary>
public sealed record MapCell(string? Country, int? CityId, string? CityName, double? Latitude, double? Longitude, Relation? Relation, int Count);

/// <summary>
/// The members of a condition, counted without small cells. Every number the map, its table, its filters, the
/// condition page's summary and the API publish is a sum of these cells, and every cell holds at least k members,
/// so no difference of two published numbers can isolate fewer than k people: the finest thing any combination of
/// views can tell apart is one cell (README, "The community map").
///
/// The cells are built once per condition from (place, relation) pairs, finest first:
/// <list type="number">
/// <item>a (city, relation) pair with at least k members is a cell;</item>
/// <item>the rest of each (country, relation) pair (its small cities, and members who gave only the country) is a
/// "rest of the country" cell when it holds at least k, else it moves to (elsewhere, relation);</item>
/// <item>(elsewhere, relation) with at least k is a cell (members who gave no place are there too); the smaller ones
/// are pooled into one "elsewhere, relation not shown" cell when the pool holds k, else they are published nowhere.</item>
/// </list>
/// A relation's filter shows that relation's cells; "all relations" shows their sums. So a city shows the members of
/// the relations that reach k there, and the others are counted in their country or elsewhere.
/// </summary>
public sealed class MapCounts
{
    public required int K { get; init; }
    public required IReadOnlyList<MapCell> Cells { get; init; }

    public int Total => Cells.Sum(c => c.Count);

    public int CountryCount => Cells.Where(c => c.Country is not null).Select(c => c.Country).Distinct().Count();

    public int TotalOf(Relation relation) => Cells.Where(c => c.Relation == relation).Sum(c => c.Count);

    /// <summary>The members of the cells that pass the filter (null: every cell, the mixed one included).</summary>
    public IEnumerable<MapCell> Filtered(Relation? relation) => relation is null ? Cells : Cells.Where(c => c.Relation == relation);

    public sealed record CityRow(int CityId, string Name, double Latitude, double Longitude, int Count);

    public sealed record CountryRow(string Code, int Count, IReadOnlyList<CityRow> Cities, int Rest);

    /// <summary>Countries (most members first) with their cities and the rest of the country, and elsewhere, for one filter.</summary>
    public (IReadOnlyList<CountryRow> Countries, int Elsewhere) View(Relation? relation)
    {
        var cells = Filtered(relation).ToList();
        var countries = cells.Where(c => c.Country is not null).GroupBy(c => c.Country!)
            .Select(g => new CountryRow(
                g.Key,
                g.Sum(c => c.Count),
                [.. g.Where(c => c.CityId is not null).GroupBy(c => c.CityId!.Value)
                    .Select(city => new CityRow(city.Key, city.First().CityName!, city.First().Latitude!.Value, city.First().Longitude!.Value, city.Sum(c => c.Count)))
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)],
                g.Where(c => c.CityId is null).Sum(c => c.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        return (countries, cells.Where(c => c.Country is null).Sum(c => c.Count));
    }

    public sealed record Placed(Relation Relation, int? CityId, string? CityName, string? Country, double? Latitude, double? Longitude);

    /// <summary>
    /// The counted members of a condition: members with standing (<see cref="MapOptions.CountAfterDays"/>: a confirmed
    /// address, consent to the current text, an account at least that many days old, not suspended), whose place is
    /// not hidden, and whose relation and place have both been held that long too. Everyone else is left out before
    /// anything is counted, so fresh accounts cannot tip a cell over k, nor old ones be moved to probe another cell at once.
    /// Private relations are counted too: the cells are aggregates of at least k, which is what the map is for.
    /// </summary>
    public static async Task<MapCounts> LoadAsync(AtlasDb db, int conditionId, MapOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var standingSince = now.AddDays(-options.CountAfterDays);
        var rows = await (
            from r in db.Set<MemberRelation>().AsNoTracking()
            where r.ConditionId == conditionId
            join m in db.Users on r.MemberId equals m.Id
            where r.CreatedAt <= standingSince
                && m.EmailConfirmed && m.CreatedAt <= standingSince && (m.SuspendedUntil == null || m.SuspendedUntil <= now)
                && db.Set<MemberConsent>().Any(c => c.MemberId == m.Id && c.Version == ConsentText.Version && c.WithdrawnAt == null)
            from l in db.Set<MemberLocation>().Where(l => l.MemberId == r.MemberId).DefaultIfEmpty()
            where l == null || (l.Visibility != MapVisibility.Hidden && l.UpdatedAt <= standingSince)
            select new Placed(r.Relation, l == null ? null : l.CityId, l == null ? null : l.CityName,
                l == null ? null : l.Country, l == null ? null : l.Latitude, l == null ? null : l.Longitude))
            .ToListAsync(cancellationToken);
        return Build(rows, options.K);
    }

    public static MapCounts Build(IReadOnlyList<Placed> members, int k)
    {
        var cells = new List<MapCell>();
        // 1. Cities.
        var countryRest = new Dictionary<(string Country, Relation Relation), int>();
        var elsewhere = new Dictionary<Relation, int>();
        foreach (var group in members.GroupBy(m => (m.Country, m.CityId, m.Relation)))
        {
            var first = group.First();
            var count = group.Count();
            if (first.Country is null)
            {
                elsewhere[first.Relation] = elsewhere.GetValueOrDefault(first.Relation) + count;
            }
            else if (first.CityId is not null && count >= k)
            {
                cells.Add(new MapCell(first.Country, first.CityId, first.CityName, first.Latitude, first.Longitude, first.Relation, count));
            }
            else
            {
                countryRest[(first.Country, first.Relation)] = countryRest.GetValueOrDefault((first.Country, first.Relation)) + count;
            }
        }
        // 2. The rest of each country.
        foreach (var ((country, relation), count) in countryRest)
        {
            if (count >= k)
            {
                cells.Add(new MapCell(country, null, null, null, null, relation, count));
            }
            else
            {
                elsewhere[relation] = elsewhere.GetValueOrDefault(relation) + count;
            }
        }
        // 3. Elsewhere, by relation, then pooled.
        var pool = 0;
        foreach (var (relation, count) in elsewhere)
        {
            if (count >= k)
            {
                cells.Add(new MapCell(null, null, null, null, null, relation, count));
            }
            else
            {
                pool += count;
            }
        }
        if (pool >= k)
        {
            cells.Add(new MapCell(null, null, null, null, null, null, pool));
        }
        return new MapCounts { K = k, Cells = cells };
    }
}
