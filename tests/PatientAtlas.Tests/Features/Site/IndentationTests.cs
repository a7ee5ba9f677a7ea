using PatientAtlas.Platform;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class IndentationTests
{
    [Fact]
    public void IndentationGoesAndPreformattedTextStays()
    {
        const string html = "<main>\n    <p>a\n        b</p>\n\t<pre>\n    code\n  kept</pre>\n  <TEXTAREA name=\"t\">\n   typed\n</TEXTAREA>\n   <prefix-element>\n   x</prefix-element>";
        Assert.Equal(
            "<main>\n<p>a\nb</p>\n<pre>\n    code\n  kept</pre>\n<TEXTAREA name=\"t\">\n   typed\n</TEXTAREA>\n<prefix-element>\nx</prefix-element>",
            IndentationTagHelper.WithoutIndentation(html));
        Assert.Equal("<pre>\n  unclosed", IndentationTagHelper.WithoutIndentation("<pre>\n  unclosed"));
    }

    [Fact]
    public async Task PagesAreSentWithoutTheTemplatesIndentation()
    {
        await using var app = await AtlasApp.StartAsync();
        foreach (var path in new[] { "/conditions/hemifacial-spasm/diet", "/es/conditions/hemifacial-spasm", "/search?q=hfs" })
        {
            var html = await app.Client.GetStringAsync(path);
            var body = html[html.IndexOf("<body", StringComparison.Ordinal)..];
            Assert.DoesNotContain("\n ", body, StringComparison.Ordinal);
            Assert.EndsWith("</html>", html.TrimEnd(), StringComparison.Ordinal);
        }
    }
}
