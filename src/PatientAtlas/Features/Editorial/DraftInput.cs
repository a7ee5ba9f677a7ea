using System.Globalization;
using System.Text.RegularExpressions;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Editorial;

/// <summary>What an editor writes: the short answer, the sections in Markdown, a change note and the citations.</summary>
public sealed class DraftInput
{
    public const int ShortAnswerMax = 600;
    public const int BodyMax = 40_000;
    public const int ChangeNoteMax = 300;
    public const int MaxCitations = 40;

    public string? ShortAnswer { get; set; }
    public string? Body { get; set; }
    public string? ChangeNote { get; set; }
    public List<CitationInput> Citations { get; set; } = [];

    /// <summary>The version of the revision the editor started from (empty for a new draft).</summary>
    public Guid Version { get; set; }

    /// <summary>The field errors (relative field name, resource key); none when the input can be saved.</summary>
    public List<(string Field, string Key)> Validate()
    {
        var errors = new List<(string, string)>();
        ShortAnswer = ShortAnswer?.Trim();
        Body = Body?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        ChangeNote = string.IsNullOrWhiteSpace(ChangeNote) ? null : ChangeNote.Trim();
        if (string.IsNullOrEmpty(ShortAnswer))
        {
            errors.Add(("ShortAnswer", "Editorial.ShortAnswerRequired"));
        }
        else if (ShortAnswer.Length > ShortAnswerMax)
        {
            errors.Add(("ShortAnswer", "Editorial.ShortAnswerLength"));
        }
        if (string.IsNullOrEmpty(Body))
        {
            errors.Add(("Body", "Editorial.BodyRequired"));
        }
        else if (Body.Length > BodyMax)
        {
            errors.Add(("Body", "Editorial.BodyLength"));
        }
        else if (MarkdownLinks.Find(Body, MarkdownLinks.Editorial).Any(l => !IsSafe(l)))
        {
            errors.Add(("Body", "Editorial.BodyUnsafeLink"));
        }
        if (ChangeNote is { Length: > ChangeNoteMax })
        {
            errors.Add(("ChangeNote", "Editorial.ChangeNoteLength"));
        }
        Citations = Citations.Where(c => !c.IsBlank).ToList();
        if (Citations.Count > MaxCitations)
        {
            errors.Add(("Citations", "Editorial.TooManyCitations"));
        }
        for (var i = 0; i < Citations.Count; i++)
        {
            foreach (var (field, key) in Citations[i].Validate())
            {
                errors.Add(($"Citations[{i}].{field}", key));
            }
        }
        return errors;
    }

    /// <summary>
    /// A summary links to a web page written in full ("https://…"), an email address or a place on this site ("/…",
    /// "#…"). "//host", "https:host", a backslash, another scheme or a path relative to the page are refused: a reader
    /// should see where a medical summary sends them.
    /// </summary>
    private static bool IsSafe(MarkdownLink link) => link.Kind switch
    {
        LinkKind.Web => link.Url.TrimStart().StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || link.Url.TrimStart().StartsWith("https://", StringComparison.OrdinalIgnoreCase),
        LinkKind.Email or LinkKind.OnSite => true,
        _ => false,
    };
}

/// <summary>One source: a PubMed ID (digits), a DOI (10.NNNN/…) or an http(s) address; its title; when it was read.</summary>
public sealed partial class CitationInput
{
    public string? Identifier { get; set; }
    public string? Title { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? Accessed { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Identifier) && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Accessed);

    public string? PubMedId { get; private set; }
    public string? Doi { get; private set; }
    public string? Url { get; private set; }
    public DateOnly? AccessedOn { get; private set; }

    public IEnumerable<(string Field, string Key)> Validate()
    {
        Identifier = Identifier?.Trim();
        Title = Title?.Trim();
        Accessed = Accessed?.Trim();
        var id = Identifier ?? "";
        if (id.StartsWith("PMID:", StringComparison.OrdinalIgnoreCase))
        {
            id = id[5..].Trim();
        }
        if (id.StartsWith("doi:", StringComparison.OrdinalIgnoreCase))
        {
            id = id[4..].Trim();
        }
        if (id.Length == 0)
        {
            yield return ("Identifier", "Editorial.CitationIdentifierRequired");
        }
        else if (id.All(char.IsAsciiDigit))
        {
            if (id.Length > 9 || id.TrimStart('0').Length == 0)
            {
                yield return ("Identifier", "Editorial.CitationPubMed");
            }
            else
            {
                PubMedId = id.TrimStart('0');
            }
        }
        else if (id.StartsWith("10.", StringComparison.Ordinal))
        {
            if (id.Length > 200 || !DoiPattern().IsMatch(id))
            {
                yield return ("Identifier", "Editorial.CitationDoi");
            }
            else
            {
                Doi = id;
            }
        }
        else if (id.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || id.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (id.Length > 2000 || !Uri.TryCreate(id, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || id.Any(char.IsWhiteSpace))
            {
                yield return ("Identifier", "Editorial.CitationUrl");
            }
            else
            {
                Url = id;
            }
        }
        else
        {
            yield return ("Identifier", "Editorial.CitationIdentifier");
        }
        if (string.IsNullOrEmpty(Title))
        {
            yield return ("Title", "Editorial.CitationTitleRequired");
        }
        else if (Title.Length > 1000)
        {
            yield return ("Title", "Editorial.CitationTitleLength");
        }
        if (string.IsNullOrEmpty(Accessed))
        {
            yield return ("Accessed", "Editorial.CitationAccessedRequired");
        }
        else if (!DateOnly.TryParseExact(Accessed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
        {
            yield return ("Accessed", "Editorial.CitationAccessed");
        }
        else
        {
            AccessedOn = on;
        }
    }

    /// <summary>The identifier as an editor typed it, from a stored citation.</summary>
    public static string IdentifierOf(string? pubMedId, string? doi, string? url) => pubMedId ?? doi ?? url ?? "";

    // Crossref's recommended pattern for modern DOIs: 10.NNNN(.N…)/suffix of printable characters.
    [GeneratedRegex(@"^10\.\d{4,9}(\.\d+)*/\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex DoiPattern();
}
