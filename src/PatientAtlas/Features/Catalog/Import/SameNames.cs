using PatientAtlas.Text;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// One page per disease: entries whose names are the same once case and accents are folded are one entry, unless a
/// code contradicts it (each has a different code of one identity system: two Orphanet numbers, two DO ids, two OMIM
/// entries). Those that stay apart are told apart by how they differ: "Heinz body anemia (Orphanet group)".
/// </summary>
public static class SameNames
{
    private static readonly string[] Contradicting = ["DOID", "ORPHA", "MONDO", "OMIM"];

    public static bool Contradict(IEnumerable<(string System, string Code)> a, IEnumerable<(string System, string Code)> b)
    {
        var left = a.Where(c => Contradicting.Contains(c.System)).ToLookup(c => c.System, c => c.Code);
        var right = b.Where(c => Contradicting.Contains(c.System)).ToLookup(c => c.System, c => c.Code);
        return left.Any(g => right.Contains(g.Key) && !g.Intersect(right[g.Key], StringComparer.Ordinal).Any());
    }

    /// <summary>The folded form two names must share to be one name.</summary>
    public static string Key(string name) => TextFolding.Fold(name).Trim();

    /// <summary>
    /// What tells an entry apart from others of the same name, most telling first: its kind of entry
    /// ("Orphanet group", "Orphanet clinical subtype"), its source ("Disease Ontology"), its first code ("ORPHA:98863").
    /// </summary>
    public static IReadOnlyList<string> Qualifiers(IReadOnlyCollection<OntologyTerm> terms, bool grouping, IEnumerable<(string System, string Code)> codes)
    {
        var list = new List<string>();
        var category = terms.Select(t => t.Category).FirstOrDefault(c => c is not null);
        list.Add(grouping ? category == CatalogKinds.OrphanetGroup ? "Orphanet group" : "group"
            : category is null ? "" : "Orphanet " + category.Replace('_', ' '));
        var sources = terms.Select(t => t.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        list.Add(string.Join(", ", sources.Select(s => s switch { "DO" => "Disease Ontology", "ORDO" => "Orphanet", var other => other })));
        var code = codes.Where(c => Terms.IsIdentity(c.System)).OrderBy(c => c.System == "ORPHA" ? 0 : c.System == "DOID" ? 1 : 2)
            .ThenBy(c => c.Code, StringComparer.Ordinal).Select(c => $"{c.System}:{c.Code}").FirstOrDefault();
        list.Add(code ?? "");
        return list;
    }
}
