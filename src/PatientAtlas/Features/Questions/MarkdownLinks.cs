using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PatientAtlas.Features.Questions;

/// <summary>What a link in Markdown points to, as a browser would follow it.</summary>
public enum LinkKind
{
    /// <summary>A web page on another site (http or https, also written "//host" or "https:host").</summary>
    Web,

    /// <summary>A <c>mailto:</c> link or an email autolink: personal data, not a link.</summary>
    Email,

    /// <summary>A <c>tel:</c> or <c>sms:</c> link (the renderer keeps its text, not the link): personal data.</summary>
    Phone,

    /// <summary>This site: "#section", "?query" or a path from the root ("/conditions/…").</summary>
    OnSite,

    /// <summary>Anything else (another scheme, a backslash, a path relative to the page): the renderer drops the link.</summary>
    Unsafe,
}

/// <summary>A link as written, what it is, its host (web links) and the address the renderer writes for it (null: no link).</summary>
public sealed record MarkdownLink(string Url, LinkKind Kind, string? Host, string? Href);

/// <summary>
/// The Markdown pipelines the site renders with, and the links in a text read from the parsed document the renderer
/// uses, so that a rule about links sees exactly what renders as one (inline, reference and autolinks, images, "www.").
/// The renderer writes every link through <see cref="Classify"/>: "//host" and "https:host" become "https://host/…",
/// the same host a rule saw; what cannot be read safely is no link at all.
/// </summary>
public static partial class MarkdownLinks
{
    /// <summary>Summaries: "## " sections, lists, ":::caution" blocks, emphasis extras, autolinks; no HTML.</summary>
    public static MarkdownPipeline Editorial { get; } = new MarkdownPipelineBuilder()
        .UseCustomContainers()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>Members' text: paragraphs, emphasis, lists, autolinks; no headings, no HTML.</summary>
    public static MarkdownPipeline Members { get; } = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .DisableHtml()
        .DisableHeadings()
        .Build();

    /// <summary>Every link (and image) in <paramref name="markdown"/> as <paramref name="pipeline"/> parses it.</summary>
    public static IReadOnlyList<MarkdownLink> Find(string markdown, MarkdownPipeline pipeline)
    {
        var document = Markdown.Parse(markdown, pipeline);
        var links = new List<MarkdownLink>();
        foreach (var inline in document.Descendants<Inline>())
        {
            switch (inline)
            {
                case LinkInline link:
                    links.Add(Classify(link.GetDynamicUrl?.Invoke() ?? link.Url ?? ""));
                    break;
                case AutolinkInline auto:
                    links.Add(auto.IsEmail ? new MarkdownLink(auto.Url, LinkKind.Email, null, "mailto:" + auto.Url) : Classify(auto.Url));
                    break;
            }
        }
        return links;
    }

    /// <summary>
    /// The text of <paramref name="markdown"/> as a reader sees it, one string per paragraph (or list item, quote line,
    /// code block): literals, code and link labels, without the links' addresses.
    /// </summary>
    public static IEnumerable<string> Text(string markdown, MarkdownPipeline pipeline)
    {
        var document = Markdown.Parse(markdown, pipeline);
        foreach (var leaf in document.Descendants<LeafBlock>())
        {
            if (leaf is CodeBlock code)
            {
                yield return code.Lines.ToString();
                continue;
            }
            if (leaf.Inline is null)
            {
                continue;
            }
            var text = new System.Text.StringBuilder();
            foreach (var inline in leaf.Inline.Descendants<Inline>())
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        text.Append(literal.Content.ToString());
                        break;
                    case CodeInline span:
                        text.Append(span.Content);
                        break;
                    case HtmlEntityInline entity:
                        text.Append(entity.Transcoded.ToString());
                        break;
                    case LineBreakInline:
                        text.Append(' ');
                        break;
                }
            }
            yield return text.ToString();
        }
    }

    /// <summary>What <paramref name="url"/> (as written in a link) points to, and the address to write for it.</summary>
    public static MarkdownLink Classify(string url)
    {
        var trimmed = url.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('?'))
        {
            return new(url, LinkKind.OnSite, null, trimmed);
        }
        // Browsers read "\" as "/" in web addresses ("/\evil.example" is another site), and control characters or
        // spaces are dropped by them: none of it is in an address anyone means to share.
        if (trimmed.Contains('\\') || trimmed.Contains("%5c", StringComparison.OrdinalIgnoreCase) || trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return new(url, LinkKind.Unsafe, null, null);
        }
        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return Web(url, "https:" + trimmed);
        }
        if (trimmed.StartsWith('/'))
        {
            return new(url, LinkKind.OnSite, null, trimmed);
        }
        var scheme = Scheme().Match(trimmed);
        if (!scheme.Success)
        {
            // "evil.example" or "page": relative to the page it is shown on, never what the writer meant.
            return new(url, LinkKind.Unsafe, null, null);
        }
        var rest = trimmed[scheme.Length..];
        return scheme.Groups["scheme"].Value.ToLowerInvariant() switch
        {
            "mailto" => new(url, LinkKind.Email, null, trimmed),
            "tel" or "sms" => new(url, LinkKind.Phone, null, null),
            // "https:evil.example" and "https:/evil.example" are https://evil.example/ to a browser on another scheme's page.
            "http" or "https" => Web(url, scheme.Groups["scheme"].Value.ToLowerInvariant() + "://" + rest.TrimStart('/')),
            _ => new(url, LinkKind.Unsafe, null, null),
        };
    }

    private static MarkdownLink Web(string url, string absolute)
    {
        if (Uri.TryCreate(absolute, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.IdnHost.Length > 0)
        {
            return new(url, LinkKind.Web, uri.IdnHost.ToLowerInvariant().TrimEnd('.'), absolute);
        }
        return new(url, LinkKind.Unsafe, null, null);
    }

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();
}
