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

public enum NameKind
{
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
