namespace PatientAtlas.Features.Search;

/// <summary>What a name row of the search index is: the preferred name or one of the condition's other names.</summary>
public enum SearchNameKind
{
    Preferred = 0,
    Abbreviation = 1,
    Exact = 2,
    Related = 3,
}

/// <summary>
/// One name of a live condition, folded for search ("Sjögren syndrome" → "sjogren syndrome"). Rows are written in
/// pre-rank order (preferred names first, shorter first), so the id doubles as a cheap static rank that lets a
/// query stop after its first few hundred matches. SQLite indexes them with FTS5, PostgreSQL with a tsvector
/// and trigram GIN indexes (see the Search migrations).
/// </summary>
public sealed class SearchName
{
    public int Id { get; set; }
    public int ConditionId { get; set; }
    public SearchNameKind Kind { get; set; }

    /// <summary>Lower-case ASCII words separated by single spaces.</summary>
    public required string Folded { get; set; }
}

public enum SearchDocumentKind
{
    Summary = 1,
    Experience = 2,
}

/// <summary>A published summary or experience as the search index sees it: display text and folded text.</summary>
public sealed class SearchDocument
{
    public long Id { get; set; }
    public SearchDocumentKind Kind { get; set; }

    /// <summary>The summary's or the experience's id.</summary>
    public long SourceId { get; set; }

    public int ConditionId { get; set; }
    public int QuestionId { get; set; }
    public required string Language { get; set; }

    /// <summary>Plain text shown in snippets (short answer and body, or the experience text).</summary>
    public required string Text { get; set; }

    /// <summary>Condition names, question label and text, folded: what the full-text index reads.</summary>
    public required string Folded { get; set; }
}
