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

    /// <summary>
    /// How a typed word matches names: its forms, as a prefix ("hemif" → hemifacial) unless it is a single letter
    /// before the last word. A one-letter prefix has no prefix index behind it: it unions the doclists of every
    /// indexed word with that letter, and eight of them ("a b c d e f g h") cost seconds of CPU per search.
    /// </summary>
    public static WordMatch Match(string word, bool last) => new(Variants(word), Prefix: word.Length > 1 || last);

    public static List<WordMatch> Matches(IReadOnlyList<string> words) => [.. words.Select((w, i) => Match(w, i == words.Count - 1))];

    /// <summary>At most this many words of a query are matched in summaries and experiences (the longest: the most selective).</summary>
    public const int MaxDocumentWords = 4;

    /// <summary>At most this many of them match as prefixes.</summary>
    public const int MaxDocumentPrefixes = 2;

    /// <summary>
    /// The words matched in summaries and experiences, where every word walks doclists as long as the community:
    /// single letters are left out unless nothing else was typed (then the first matches whole); the longest
    /// <see cref="MaxDocumentWords"/> words are kept. Only words of two or three letters stay prefixes, and at most
    /// <see cref="MaxDocumentPrefixes"/> of them: those lengths have a prefix index behind them, while a longer
    /// prefix of a common word ("symptoms") merged the doclists of a large part of the community on every query.
    /// </summary>
    public static List<WordMatch> DocumentMatches(IReadOnlyList<WordMatch> words)
    {
        // A corrected word matches content by its best correction only: "chrons" finds Crohn's content, not "chronic".
        var kept = words.Where(w => w.Forms[0].Length > 1).Select(w => w.Corrected ? w with { Forms = [w.Forms[0]] } : w).ToList();
        if (kept.Count == 0)
        {
            kept = [.. words.Take(1).Select(w => w with { Prefix = false })];
        }
        var prefixes = 0;
        return [.. kept
            .Select((w, i) => (Word: w, Order: i))
            .OrderByDescending(w => w.Word.Forms[0].Length).ThenBy(w => w.Order)
            .Take(MaxDocumentWords)
            .OrderBy(w => w.Order)
            .Select(w => w.Word.Prefix && w.Word.Forms[0].Length is 2 or 3 && prefixes++ < MaxDocumentPrefixes ? w.Word : w.Word with { Prefix = false })];
    }

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
