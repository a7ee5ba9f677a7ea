using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;
using Microsoft.Extensions.Caching.Memory;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// Markdown to safe HTML. Every output goes through HtmlSanitizer, editorial text included, so nothing
/// stored can inject script or styles. Links in members' text are marked <c>rel="nofollow ugc"</c>.
/// The output depends on the text alone, so it is remembered (up to 8 million characters, about 16 MB): sanitizing was a
/// third of a full question-page render in the benchmark profile.
/// </summary>
public sealed class MarkdownRenderer : IDisposable
{
    private const long CacheChars = 8 * 1024 * 1024;

    private readonly MemoryCache _rendered = new(new MemoryCacheOptions { SizeLimit = CacheChars });

    private readonly MarkdownPipeline _editorial = MarkdownLinks.Editorial;
    private readonly MarkdownPipeline _members = MarkdownLinks.Members;

    private readonly HtmlSanitizer _editorialSanitizer = CreateSanitizer(userContent: false);
    private readonly HtmlSanitizer _memberSanitizer = CreateSanitizer(userContent: true);

    /// <summary>A summary's body: "## " sections, lists, and ":::caution" blocks set apart.</summary>
    public string Editorial(string markdown) => Remembered(false, markdown, static (r, m) => r._editorialSanitizer.Sanitize(Markdown.ToHtml(m, r._editorial)));

    /// <summary>A member's text: paragraphs, emphasis, lists and links; no headings, no HTML.</summary>
    public string MemberText(string markdown) => Remembered(true, markdown, static (r, m) => r._memberSanitizer.Sanitize(Markdown.ToHtml(m, r._members)));

    public void Dispose() => _rendered.Dispose();

    private string Remembered(bool member, string markdown, Func<MarkdownRenderer, string, string> render)
    {
        var key = (member, markdown);
        if (_rendered.TryGetValue(key, out string? html) && html is not null)
        {
            return html;
        }
        html = render(this, markdown);
        _rendered.Set(key, html, new MemoryCacheEntryOptions { Size = markdown.Length + html.Length });
        return html;
    }

    private static HtmlSanitizer CreateSanitizer(bool userContent)
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(userContent
                ? ["p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "del"]
                : ["p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "del", "h2", "h3", "div", "aside"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "class"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IHtmlAnchorElement anchor)
            {
                anchor.SetAttribute("rel", userContent ? "nofollow ugc noopener" : "noopener");
                // The address the link rules read ("//host" and "https:host" written out), or no link at all.
                if (anchor.GetAttribute("href") is { } href)
                {
                    if (MarkdownLinks.Classify(href).Href is { } safe)
                    {
                        anchor.SetAttribute("href", safe);
                    }
                    else
                    {
                        anchor.RemoveAttribute("href");
                    }
                }
            }
            if (e.Node is IHtmlElement element && element.ClassName is { } className)
            {
                if (className == "caution")
                {
                    // A caution (a drug interaction, say) is announced as a note, not read as body text.
                    element.SetAttribute("role", "note");
                }
                else
                {
                    element.RemoveAttribute("class");
                }
            }
        };
        return sanitizer;
    }
}
