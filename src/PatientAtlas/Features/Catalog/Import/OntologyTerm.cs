namespace PatientAtlas.Features.Catalog.Import;

/// <summary>One class of an ontology as read from a file, before merging; ids and codes are already normalized.</summary>
public sealed class OntologyTerm
{
    public required string Id { get; init; }

    /// <summary>The source label shown on the site and stored with every name and code: DO, ORDO, MONDO, starter.</summary>
    public required string Source { get; init; }

    /// <summary>Where the term was read, for messages: "file:line" or "file $.graphs[0].nodes[12]".</summary>
    public required string Location { get; init; }

    public string? Name { get; set; }
    public string? Definition { get; set; }
    public List<string> DefinitionRefs { get; } = [];
    public List<(string Text, NameKind Kind)> Synonyms { get; } = [];

    /// <summary>Names in a language other than English (preferred name, synonyms, abbreviations), with the language.</summary>
    public List<(string Text, NameKind Kind, string Language)> LocalizedNames { get; } = [];

    /// <summary>The source's own kind of entry, where it says one: Orphanet's "group_of_disorders", "disease", "clinical_subtype", ...</summary>
    public string? Category { get; set; }
    public List<(string System, string Code)> Xrefs { get; } = [];
    public List<string> Parents { get; } = [];
    public bool IsObsolete { get; set; }
    public string? ReplacedBy { get; set; }
    public bool IsFeatured { get; set; }

    /// <summary>Adds what another file says about the same term (DO's subsets overlap).</summary>
    public void MergeFrom(OntologyTerm other)
    {
        Name ??= other.Name;
        if (Definition is null && other.Definition is not null)
        {
            Definition = other.Definition;
            DefinitionRefs.AddRange(other.DefinitionRefs);
        }
        Synonyms.AddRange(other.Synonyms.Except(Synonyms));
        LocalizedNames.AddRange(other.LocalizedNames.Except(LocalizedNames));
        Category ??= other.Category;
        Xrefs.AddRange(other.Xrefs.Except(Xrefs));
        Parents.AddRange(other.Parents.Except(Parents, StringComparer.Ordinal));
        IsObsolete |= other.IsObsolete;
        ReplacedBy ??= other.ReplacedBy;
    }
}

/// <summary>An SSSOM <c>skos:exactMatch</c> row: two codes that name the same disease.</summary>
public sealed record ExactMatch(string Subject, string Target, string Location);

/// <summary>Everything read from the sources of one import.</summary>
public sealed class ImportInput(Action<string>? progress = null)
{
    /// <summary>How often reading reports its count: a million stanzas give forty lines.</summary>
    public const int ProgressEvery = 25_000;

    private const int WarningsKept = 20;

    private readonly Action<string> _progress = progress ?? (_ => { });

    public Dictionary<string, OntologyTerm> Terms { get; } = new(StringComparer.Ordinal);
    public List<ExactMatch> Matches { get; } = [];
    public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);
    public int Read { get; set; }
    public int Skipped { get; set; }

    /// <summary>The first warnings, word for word; <see cref="WarningCount"/> counts them all.</summary>
    public List<string> Warnings { get; } = [];
    public int WarningCount { get; private set; }

    public void Add(OntologyTerm term)
    {
        Read++;
        if (Read % ProgressEvery == 0)
        {
            _progress(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reading: {Read:N0} terms"));
        }
        Sources.Add(term.Source);
        if (Terms.TryGetValue(term.Id, out var known))
        {
            known.MergeFrom(term);
        }
        else
        {
            Terms.Add(term.Id, term);
        }
    }

    public void AddMatch(ExactMatch match)
    {
        Matches.Add(match);
        if (Matches.Count % ProgressEvery == 0)
        {
            _progress(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reading: {Matches.Count:N0} exact matches"));
        }
    }

    public void Warn(string message)
    {
        WarningCount++;
        if (Warnings.Count < WarningsKept)
        {
            Warnings.Add(message);
        }
    }
}

/// <summary>Helpers the readers share: which ids we import, how synonyms are classified.</summary>
public static class Terms
{
    /// <summary>The code systems whose codes name one term of one ontology; only these ever merge terms.</summary>
    public static bool IsIdentity(string system) => system is "DOID" or "ORPHA" or "MONDO";

    public static string? SourceOf(string system) => system switch
    {
        "DOID" => "DO",
        "ORPHA" => "ORDO",
        "MONDO" => "MONDO",
        _ => null,
    };

    /// <summary>Source order for the displayed name, the definition and duplicate names: curated first, then DO, ORDO, MONDO.</summary>
    public static int Priority(string source) => source switch
    {
        StarterCatalog.Source => 0,
        "DO" => 1,
        "ORDO" => 2,
        "MONDO" => 3,
        _ => 4,
    };

    public static string Key(string system, string code) => system + ":" + code;

    /// <summary>Normalizes "ORDO:123", "Orphanet_123", "UMLS_CUI:C1" to ("ORPHA", "123") ...; null for systems we do not keep.</summary>
    public static (string System, string Code)? Code(string value) =>
        CodeSystems.TryParse(value, out var system, out var code) && code.Length <= 100 ? (system, code) : null;

    /// <summary>
    /// Abbreviations are acronym-typed synonyms, or short exact synonyms written in capitals ("HFS", "NF1").
    /// </summary>
    public static NameKind? Classify(string text, string scope, bool acronymType)
    {
        var exact = scope.Equals("EXACT", StringComparison.OrdinalIgnoreCase) || scope.Equals("hasExactSynonym", StringComparison.Ordinal);
        var related = scope.Equals("RELATED", StringComparison.OrdinalIgnoreCase) || scope.Equals("hasRelatedSynonym", StringComparison.Ordinal);
        if (!exact && !related)
        {
            return null;
        }
        if (acronymType || exact && LooksLikeAbbreviation(text))
        {
            return NameKind.Abbreviation;
        }
        return exact ? NameKind.Exact : NameKind.Related;
    }

    private static bool LooksLikeAbbreviation(string text) =>
        text.Length is >= 2 and <= 8
        && text.Any(char.IsUpper)
        && !text.Any(char.IsLower)
        && text.All(c => char.IsLetterOrDigit(c) || c == '-');
}
