using System.Text;
using System.Text.RegularExpressions;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Turns an ontology definition into plain English: DO's logical-definition syntax ("has_material_basis_in X",
/// "located_in", "has_symptom fever, has_symptom rash") becomes words, Orphanet's "(see this term)" and numbered
/// references go. A definition these rules cannot make readable (leftover relation syntax, a fragment that starts
/// with a comma or in lower case, a few words) is not readable: the import keeps it as written and marks it for review.
/// </summary>
public static partial class DefinitionText
{
    public const int MinLength = 20;

    /// <summary>The cleaned text and whether it reads as a definition.</summary>
    public static (string Text, bool Readable) Clean(string definition)
    {
        var text = definition.Trim();
        text = SeeThisTerm().Replace(text, "");
        text = NumberedReference().Replace(text, "");
        text = MaterialBasis().Replace(text, m => m.Groups["lead"].Value switch
        {
            "," => ", caused by ",
            "" => "caused by ",
            var lead => lead + " is caused by ",
        });
        text = Symptoms(text);
        text = Relation().Replace(text, m => Relations.TryGetValue(m.Value, out var words) ? words : m.Value);
        text = Spaces().Replace(text, " ");
        text = SpaceBeforePunctuation().Replace(text, "$1").Trim();
        if (text.Length > 0 && !text.EndsWith('.') && !text.EndsWith('?') && !text.EndsWith('!') && !text.EndsWith(')'))
        {
            text += ".";
        }
        return (text, IsReadable(text));
    }

    /// <summary>Reads as a sentence: long enough, starts with a capital or digit, no relation syntax left.</summary>
    public static bool IsReadable(string text) =>
        text.Length >= MinLength
        && text.Contains(' ', StringComparison.Ordinal)
        && (char.IsUpper(text[0]) || char.IsDigit(text[0]))
        && !LeftoverSyntax().IsMatch(text)
        && !text.Contains("(see this term)", StringComparison.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> Relations = new(StringComparer.Ordinal)
    {
        ["located_in"] = "located in",
        ["is_located_in"] = "is located in",
        ["results_in_formation_of"] = "results in the formation of",
        ["results_in"] = "results in",
        ["results_from"] = "results from",
        ["derives_from"] = "derives from",
        ["derive_from"] = "derive from",
        ["dervies_from"] = "derives from",
        ["develops_from"] = "develops from",
        ["arises_from"] = "arises from",
        ["transmitted_by"] = "transmitted by",
        ["transmission_by"] = "transmission by",
        ["composed_of"] = "composed of",
        ["characterized_by"] = "characterized by",
        ["characterized_as"] = "characterized as",
        ["caused_by"] = "caused by",
        ["diagnosed_by"] = "diagnosed by",
    };

    /// <summary>
    /// "The infection has_symptom fever, has_symptom headache, and has_symptom rash." → "The infection causes symptoms
    /// such as fever, headache, and rash.": the first in a sentence introduces the list, the others go.
    /// </summary>
    private static string Symptoms(string text)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        var inList = false;
        foreach (Match m in HasSymptom().Matches(text))
        {
            var between = text[at..m.Index];
            if (between.Contains('.', StringComparison.Ordinal))
            {
                inList = false;
            }
            result.Append(between);
            result.Append(inList ? "" : "causes symptoms such as ");
            inList = true;
            at = m.Index + m.Length;
        }
        result.Append(text[at..]);
        return result.ToString();
    }

    [GeneratedRegex(@"\s*\(see (this|these) terms?\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeeThisTerm();

    [GeneratedRegex(@"\[\d+(?:\s*[,–-]\s*\d+)*\]", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedReference();

    [GeneratedRegex(@"(?<lead>,|\bthat|\bwhich|\band|)\s*\bhas[_ ]material[_ ]basis(?:[_ ]in)?(?:_|\s+|(?=[a-z]))", RegexOptions.CultureInvariant)]
    private static partial Regex MaterialBasis();

    [GeneratedRegex(@"\bhas[_ ]symptoms?\s+", RegexOptions.CultureInvariant)]
    private static partial Regex HasSymptom();

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Relation();

    [GeneratedRegex(@"\b[a-z]+_[a-z_]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex LeftoverSyntax();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s+([,.;:)])", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBeforePunctuation();
}
