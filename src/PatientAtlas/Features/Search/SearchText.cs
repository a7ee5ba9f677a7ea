using System.Text;
using System.Text.RegularExpressions;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Search;

/// <summary>
/// How text becomes searchable words, the same way for what is indexed and what is typed: lower case, accents
/// removed, apostrophes dropped ("Crohn's" → "crohns"), everything else that is not a letter or digit a space.
/// Only [a-z0-9] survive, so no full-text syntax typed by a reader ever reaches a database query.
/// </summary>
public static partial class SearchText
{
    public const int MaxQueryLength = 200;
    public const int MaxWords = 8;

    public static string Fold(string text)
    {
        var folded = TextFolding.Fold(text);
        var result = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                result.Append(c);
            }
            else if (c is '\'' or '`' or '´')
            {
                // "Gehrig's" → "gehrigs": possessives stay one word.
            }
            else if (result.Length > 0 && result[^1] != ' ')
            {
                result.Append(' ');
            }
        }
        return result.ToString().TrimEnd();
    }

    /// <summary>
    /// The words of a query. Operators people copy from other search engines ("hemifacial AND spasm") are dropped
    /// when other words remain, so they neither narrow nor change the query.
    /// </summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var meaningful = words.Where(w => w is not ("and" or "or" or "not" or "near")).ToArray();
        return (meaningful.Length > 0 ? meaningful : words).Take(MaxWords).ToList();
    }

    /// <summary>The forms a typed word may take in an index: itself, and without a possessive or plural "s".</summary>
    public static IReadOnlyList<string> Variants(string word) =>
        word.Length > 3 && word[^1] == 's' && word[^2] != 's' ? [word, word[..^1]] : [word];

    /// <summary>"G51.3", "g51", "Q87.4"-style ICD-10 codes typed bare.</summary>
    public static bool LooksLikeIcd10(string text) => Icd10().IsMatch(text.Trim());

    [GeneratedRegex(@"^[A-Za-z][0-9]{2}(\.[0-9A-Za-z]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Icd10();

    /// <summary>Plain text from Markdown: headings, emphasis and link syntax removed, for snippets and indexing.</summary>
    public static string PlainText(string markdown)
    {
        var text = MarkdownSyntax().Replace(markdown, " ");
        text = LinkSyntax().Replace(text, "$1");
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"(^|\n)\s*(#{1,6}|:::\w*|[-*+]|\d+\.)\s|[*_`>]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownSyntax();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkSyntax();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
