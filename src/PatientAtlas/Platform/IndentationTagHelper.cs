using System.Text;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace PatientAtlas.Platform;

/// <summary>
/// Drops the indentation Razor copies from the templates into every line of the page body: a quarter of the
/// question page (7.4 of 28.6 KB), sent and stored in the output cache on every response. Only spaces and tabs
/// right after a line break go, which HTML renders the same; &lt;pre&gt; and &lt;textarea&gt; keep theirs. Written
/// here because an HTML minifier parses the whole document on every render for what is one pass over the text.
/// </summary>
[HtmlTargetElement("body")]
public sealed class IndentationTagHelper : TagHelper
{
    private static readonly string[] Verbatim = ["pre", "textarea"];

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = await output.GetChildContentAsync();
        output.Content.SetHtmlContent(WithoutIndentation(content.GetContent()));
    }

    public static string WithoutIndentation(string html)
    {
        var result = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<' && VerbatimEnd(html, i) is var end and > 0)
            {
                result.Append(html, i, end - i);
                i = end;
                continue;
            }
            result.Append(c);
            i++;
            if (c == '\n')
            {
                while (i < html.Length && html[i] is ' ' or '\t')
                {
                    i++;
                }
            }
        }
        return result.ToString();
    }

    /// <summary>Where a &lt;pre&gt; or &lt;textarea&gt; starting at <paramref name="start"/> ends (after its closing tag), else 0.</summary>
    private static int VerbatimEnd(string html, int start)
    {
        foreach (var tag in Verbatim)
        {
            var open = start + 1 + tag.Length;
            if (open < html.Length && string.Compare(html, start + 1, tag, 0, tag.Length, StringComparison.OrdinalIgnoreCase) == 0
                && html[open] is '>' or ' ' or '\t' or '\n' or '\r' or '/')
            {
                var close = html.IndexOf("</" + tag, open, StringComparison.OrdinalIgnoreCase);
                return close < 0 ? html.Length : close;
            }
        }
        return 0;
    }
}
