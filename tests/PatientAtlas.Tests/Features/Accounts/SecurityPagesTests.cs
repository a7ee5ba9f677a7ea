using System.Net;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>The security pages: members only, in both languages, each field labelled.</summary>
public sealed class SecurityPagesTests
{
    private static readonly string[] MemberPages = ["/account", "/account/two-factor", "/account/password", "/account/email"];

    [Fact]
    public async Task A_stranger_is_sent_to_sign_in_in_the_pages_language()
    {
        await using var app = await AtlasApp.StartAsync();
        foreach (var path in MemberPages)
        {
            foreach (var language in new[] { "", "/es" })
            {
                using var response = await app.Client.GetAsync(language + path);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith(language + "/account/login?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_member_reads_every_security_page_in_English_and_Spanish_with_labelled_fields()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _ = visitor;
        foreach (var path in MemberPages)
        {
            var english = await visitor.GetAsync(path);
            var spanish = await visitor.GetAsync("/es" + path);
            Assert.Equal(HttpStatusCode.OK, english.Status);
            Assert.Equal(HttpStatusCode.OK, spanish.Status);
            Assert.Equal("es", spanish.Document.DocumentElement.GetAttribute("lang"));
            Assert.NotEqual(english.Document.QuerySelector("h1")!.TextContent, spanish.Document.QuerySelector("h1")!.TextContent);
            foreach (var input in english.Document.QuerySelectorAll("form input:not([type=hidden])"))
            {
                Assert.NotNull(english.Document.QuerySelector($"label[for='{input.Id}']"));
            }
            // Forms post back to the page's own language.
            foreach (var form in spanish.Document.QuerySelectorAll("form[method=post]"))
            {
                var action = form.GetAttribute("action");
                Assert.True(string.IsNullOrEmpty(action) || action.StartsWith('?') || action.StartsWith("/es/", StringComparison.Ordinal), $"{path}: {action}");
            }
        }
    }
}
