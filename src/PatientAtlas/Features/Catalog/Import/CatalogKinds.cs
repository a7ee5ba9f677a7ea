namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Which catalog entries are conditions a person can have and which are groupings used to browse, from the
/// ontologies' own structure:
/// <list type="number">
/// <item>Orphanet's "group of disorders" classes are groupings ("Rare neurologic disease"), unless the Disease Ontology
/// describes the same entry as a disease of its own;</item>
/// <item>DO's upper classes are groupings: its root "disease", the classes named by kind ("syndrome", "disorder",
/// "physical disorder") and those that classify by a property ("disease of metabolism", "disease by infectious agent");</item>
/// <item>an entry whose children are all groupings is a grouping;</item>
/// <item>an entry of the starter catalog, or with community content, is always a condition;</item>
/// <item>a grouping with no parent is a root: the top of a hierarchy, never shown in a breadcrumb.</item>
/// </list>
/// </summary>
public static class CatalogKinds
{
    public const string OrphanetGroup = "group_of_disorders";

    /// <summary>What the sources say of one entry (rules 1 and 2).</summary>
    public static bool IsDeclaredGrouping(IReadOnlyCollection<OntologyTerm> terms)
    {
        if (terms.Any(t => t.Source == StarterCatalog.Source))
        {
            return false;
        }
        var doTerms = terms.Where(t => t.Source == "DO").ToList();
        if (doTerms.Any(t => IsUpperClassName(t.Name)))
        {
            return true;
        }
        return doTerms.Count == 0 && terms.Any(t => t.Category == OrphanetGroup);
    }

    /// <summary>DO's upper classes, by the way DO names them.</summary>
    public static bool IsUpperClassName(string? name)
    {
        var n = name?.Trim().ToLowerInvariant();
        return n is "disease" or "syndrome" or "disorder" or "physical disorder" or "genetic disease"
            || n is not null && (n.StartsWith("disease of ", StringComparison.Ordinal) || n.StartsWith("disease by ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The kind of every entry in <paramref name="declared"/> (id → declared grouping), given the parent links among all
    /// entries and those that must stay conditions (rules 3 to 5).
    /// </summary>
    public static Dictionary<int, ConditionKind> Decide(IReadOnlyDictionary<int, bool> declared, IReadOnlySet<int> alwaysConditions, IEnumerable<(int Child, int Parent)> links)
    {
        var children = new Dictionary<int, List<int>>();
        var hasParent = new HashSet<int>();
        foreach (var (child, parent) in links)
        {
            if (!declared.ContainsKey(child) || !declared.ContainsKey(parent))
            {
                continue;
            }
            hasParent.Add(child);
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(child);
        }
        var grouping = declared.Where(d => d.Value && !alwaysConditions.Contains(d.Key)).Select(d => d.Key).ToHashSet();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (parent, list) in children)
            {
                if (!grouping.Contains(parent) && !alwaysConditions.Contains(parent) && list.All(grouping.Contains))
                {
                    grouping.Add(parent);
                    changed = true;
                }
            }
        }
        return declared.Keys.ToDictionary(id => id, id =>
            !grouping.Contains(id) ? ConditionKind.Condition : hasParent.Contains(id) ? ConditionKind.Grouping : ConditionKind.Root);
    }
}
