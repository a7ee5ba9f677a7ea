namespace PatientAtlas.Features.Catalog;

/// <summary>One disease, merged from every source that describes it.</summary>
public sealed class Condition
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case, accent-free name used for A–Z ordering.</summary>
    public required string SortKey { get; set; }

    /// <summary>"a".."z", or "#" for names that start with a digit or symbol.</summary>
    public required string Letter { get; set; }

    public string? Definition { get; set; }
    public string? DefinitionSource { get; set; }

    /// <summary>Where the displayed name comes from: starter, DO, ORDO, MONDO.</summary>
    public required string NameSource { get; set; }

    /// <summary>A condition a person can have, or a grouping used to browse (see <see cref="Import.CatalogKinds"/>).</summary>
    public ConditionKind Kind { get; set; }

    /// <summary>The label as its source wrote it, when the displayed name differs ("fibrodysplasia ossificans progressiva").</summary>
    public string? SourceName { get; set; }

    /// <summary>The import kept a name or definition as the source wrote it because the cleaning rules could not read it.</summary>
    public bool NeedsReview { get; set; }

    public bool IsObsolete { get; set; }
    public int? ReplacedById { get; set; }
    public bool IsFeatured { get; set; }

    /// <summary>The abbreviation pages show next to the name ("HFS"), curated first; kept by <see cref="ConditionAbbreviations"/>.</summary>
    public string? Abbreviation { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<ConditionName> Names { get; set; } = [];
    public List<ConditionCode> Codes { get; set; } = [];
    public List<ConditionParent> Parents { get; set; } = [];
}

/// <summary>What a catalog entry is: a condition with questions, or a grouping with a browse page.</summary>
public enum ConditionKind
{
    Condition = 0,

    /// <summary>A class used to browse ("Rare neurologic disease"): no questions, a list of its members.</summary>
    Grouping = 1,

    /// <summary>A grouping at the top of a hierarchy ("disease"): never in a breadcrumb.</summary>
    Root = 2,
}

public enum NameKind
{
    /// <summary>The preferred name in a language other than the catalog's own (English): "Espasmo hemifacial".</summary>
    Preferred = 0,
    Abbreviation = 1,
    Exact = 2,
    Related = 3,
}

/// <summary>An abbreviation or synonym of a condition, with the source that gave it.</summary>
public sealed class ConditionName
{
    public int Id { get; set; }
    public int ConditionId { get; set; }
    public required string Text { get; set; }
    public NameKind Kind { get; set; }
    public required string Source { get; set; }

    /// <summary>ISO 639-1 language of the name: "en" for the ontologies' labels, "es" for Spanish names.</summary>
    public string Language { get; set; } = Platform.Languages.Default;
}

/// <summary>A code in one external system (ORPHA, OMIM, ICD10, ...), written SYSTEM:code.</summary>
public sealed class ConditionCode
{
    public int Id { get; set; }
    public int ConditionId { get; set; }
    public required string System { get; set; }
    public required string Code { get; set; }
    public required string Source { get; set; }
}

public sealed class ConditionParent
{
    public int ChildId { get; set; }
    public int ParentId { get; set; }
    public Condition? Parent { get; set; }
}

/// <summary>A slug a condition answered to before; it redirects permanently to the current one.</summary>
public sealed class SlugRedirect
{
    public required string Slug { get; set; }
    public int ConditionId { get; set; }
}
