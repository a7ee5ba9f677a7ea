using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace PatientAtlas.Features.Search;

/// <summary>
/// Highlighted snippets that are safe by construction: every piece of the text is HTML-encoded and the only
/// markup added is &lt;mark&gt; around words that match the query.
/// </summary>
public static partial class Snippets
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Highlight(string text, IReadOnlyList<WordMatch> words, int maxLength)
    {
        var tokens = Token().Matches(text);
        var first = tokens.FirstOrDefault(t => IsMatch(t.Value, words));
        var start = 0;
        if (first is not null && first.Index + first.Length > maxLength - 20)
        {
            start = Math.Max(0, first.Index - maxLength / 3);
            var space = text.IndexOf(' ', start);
            start = space >= 0 && space < first.Index ? space + 1 : start;
        }
        var end = Math.Min(text.Length, start + maxLength);
        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end);
            end = space > start ? space : end;
        }

        var html = new StringBuilder();
        if (start > 0)
        {
            html.Append('…');
        }
        var at = start;
        foreach (Match token in tokens)
        {
            if (token.Index < start || token.Index + token.Length > end || !IsMatch(token.Value, words))
            {
                continue;
            }
            html.Append(Encoder.Encode(text[at..token.Index]))
                .Append("<mark>").Append(Encoder.Encode(token.Value)).Append("</mark>");
            at = token.Index + token.Length;
        }
        html.Append(Encoder.Encode(text[at..end]));
        if (end < text.Length)
        {
            html.Append('…');
        }
        return html.ToString();
    }

    private static bool IsMatch(string token, IReadOnlyList<WordMatch> words)
    {
        var folded = SearchText.Fold(token);
        if (folded.Length == 0)
        {
            return false;
        }
        return words.Any(w => w.Forms.Select((f, i) => (f, i)).Any(x => folded == x.f || w.Prefix && x.i == 0 && folded.StartsWith(x.f, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}'’]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
