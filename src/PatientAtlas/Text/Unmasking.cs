using System.Text.RegularExpressions;

namespace PatientAtlas.Text;

/// <summary>
/// The ways people hide words from a filter, undone before a safety net reads the text: look-alike letters and
/// invisible characters (<see cref="Confusables.ToLatin"/>), dots, underscores or dashes between letters
/// ("end.my.life"), spaced letters ("k i l l  m y s e l f"), digits and signs for letters ("k1ll", "$uicidal") and
/// letters held down ("diiiie"). Some of these are ambiguous ("1" is "i" or "l"; "killl" is "kill", "diiie" is "die";
/// "a m a t a r" is "a matar" or "amatar"), so the answer is every reading worth trying, each lower case without accents.
/// </summary>
public static partial class Unmasking
{
    public static IReadOnlyCollection<string> Readings(string text)
    {
        // Line breaks end a clause and two spaces end a spaced-out word, so both survive; other runs of space become one.
        var plain = Spaces().Replace(Confusables.ToLatin(text).Replace('`', '\''), m => m.Value.Contains('\n') ? "\n" : m.Length > 1 ? "  " : " ");
        var separated = BetweenLetters().Replace(plain, " ");
        var readings = new HashSet<string>(StringComparer.Ordinal) { plain };
        // "1" read as i and as l: two passes only when there is a "1" to read.
        foreach (var one in separated.Contains('1', StringComparison.Ordinal) ? DigitOne : DigitOne[..1])
        {
            var unleet = Leet().Replace(separated, m => Unleet(m.Value, one));
            foreach (var spaced in new[] { JoinSpaced(unleet, keepLeadingWord: false), JoinSpaced(unleet, keepLeadingWord: true) })
            {
                readings.Add(Held().Replace(spaced, "$1"));
                readings.Add(Held().Replace(spaced, "$1$1"));
            }
        }
        return readings;
    }

    /// <summary>A word mixing letters with digits or signs, read as letters ("w4nt", "d1e"); a number with its unit ("5mg", "7am") stays.</summary>
    private static string Unleet(string token, string one)
    {
        if (!token.Any(char.IsAsciiLetter) || Unit().IsMatch(token))
        {
            return token;
        }
        return string.Concat(token.Select((c, i) => c switch
        {
            '0' => "o",
            '1' => one,
            '3' => "e",
            '4' or '@' => "a",
            '5' or '$' => "s",
            '7' => "t",
            '9' => "g",
            // "!" and "|" only inside a word ("k!ll"), never the end of a sentence.
            '!' when i > 0 && i < token.Length - 1 => "i",
            '|' when i > 0 && i < token.Length - 1 => "l",
            _ => c.ToString(),
        }));
    }

    /// <summary>
    /// Runs of single letters ("k i l l  m y s e l f") become words, split where the writer left two spaces. With
    /// <paramref name="keepLeadingWord"/>, a leading "i", "a" or "y" stays a word of its own ("a m a t a r" → "a matar").
    /// </summary>
    private static string JoinSpaced(string text, bool keepLeadingWord) => SpacedLetters().Replace(text, m =>
    {
        var words = Regex.Split(m.Value, " {2,}").Select(w => w.Replace(" ", "", StringComparison.Ordinal)).ToList();
        if (keepLeadingWord && words[0].Length > 3 && words[0][0] is 'i' or 'a' or 'y')
        {
            words[0] = words[0][0] + " " + words[0][1..];
        }
        return string.Join(' ', words);
    });

    // "1" stands for "i" or for "l".
    private static readonly string[] DigitOne = ["i", "l"];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Dots, underscores, dashes, asterisks between letters or digits: "end.my.life", "k-i-l-l", "self_harm".
    [GeneratedRegex(@"(?<=[\p{L}\p{Nd}$@])[._\-~+*/]+(?=[\p{L}\p{Nd}$@])")]
    private static partial Regex BetweenLetters();

    [GeneratedRegex(@"[\p{L}\p{Nd}$@!|]*[\p{Nd}$@!|][\p{L}\p{Nd}$@!|]*")]
    private static partial Regex Leet();

    [GeneratedRegex(@"^(\d+([.,]\d+)?(mg|mcg|ml|g|kg|iu|am|pm|h|hrs?|mins?|x|s|k|yo|cm|mm|km)?|\d*(1st|2nd|3rd|[04-9]th|1[123]th))$")]
    private static partial Regex Unit();

    // At least three single letters apart, one to three spaces between them.
    [GeneratedRegex(@"(?<![\p{L}\p{Nd}'])\p{L}(?![\p{L}\p{Nd}'])(?: {1,3}\p{L}(?![\p{L}\p{Nd}'])){2,}")]
    private static partial Regex SpacedLetters();

    [GeneratedRegex(@"(\p{L})\1{2,}")]
    private static partial Regex Held();
}
