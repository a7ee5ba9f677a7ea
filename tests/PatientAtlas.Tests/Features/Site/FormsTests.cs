using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

/// <summary>
/// Every page refuses a POST without an antiforgery token, and <see cref="Visitor"/> submits forms as a browser
/// does. The site has no POST form yet (its forms search, by GET), so the POST path is tried on a form that
/// carries a token the app itself issued.
/// </summary>
[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class FormsTests(SeededApp seeded) : IClassFixture<SeededApp>
{
    private AtlasApp App => seeded.App;

    [Theory]
    [InlineData("/search")]
    [InlineData("/")]
    [InlineData("/conditions/lyme-disease")]
    public async Task APostWithoutAnAntiforgeryTokenIsRefused(string path)
    {
        using var content = new FormUrlEncodedContent([new("q", "lyme")]);
        using var response = await App.Client.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AVisitorSubmitsTheHomePageSearchForm()
    {
        using var visitor = App.NewVisitor();
        var result = await visitor.SubmitAsync("/", "form.search-large", new Dictionary<string, string> { ["q"] = "lyme" });
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("/search?q=lyme", result.Url.PathAndQuery);
        Assert.NotNull(result.Document.QuerySelector("a[href='/conditions/lyme-disease']"));
    }

    [Fact]
    public async Task AVisitorPostsAFormWithTheTokenItCarriesAndTheSiteAcceptsIt()
    {
        using var visitor = App.NewVisitor();
        var (cookieName, cookieToken, requestToken) = IssueTokens(App);
        visitor.Cookies.Add(App.Address, new Cookie(cookieName, cookieToken));
        var page = Parse($"""<form method="post" action="/search"><input type="hidden" name="{Visitor.AntiforgeryField}" value="{requestToken}"><input name="q"></form>""");

        var accepted = await visitor.SubmitAsync(page, App.Address, "form", new Dictionary<string, string> { ["q"] = "lyme" });
        Assert.Equal(HttpStatusCode.OK, accepted.Status);

        // The same form with a token that is not the one issued with the cookie is refused.
        var forged = Parse($"""<form method="post" action="/search"><input type="hidden" name="{Visitor.AntiforgeryField}" value="{requestToken[..^4]}AAAA"><input name="q"></form>""");
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync(forged, App.Address, "form")).Status);
    }

    [Fact]
    public async Task TheVisitorSendsWhatABrowserWouldSend()
    {
        var form = (IHtmlFormElement)Parse("""
            <form method="POST" action="/members/sign-in?next=%2Fhome">
              <input type="hidden" name="__RequestVerificationToken" value="token-123">
              <input name="Email" value="old@example.org">
              <input type="password" name="Password">
              <input type="checkbox" name="Remember" value="true">
              <input type="checkbox" name="Terms" value="yes" checked>
              <input name="Disabled" value="x" disabled>
              <select name="Language"><option value="en">English</option><option value="es" selected>Español</option></select>
              <textarea name="Note">hello</textarea>
              <button type="submit" name="action" value="go">Go</button>
            </form>
            """).QuerySelector("form")!;
        var values = Visitor.Values(form);
        Assert.Equal(
            ["__RequestVerificationToken=token-123", "Email=old@example.org", "Password=", "Terms=yes", "Language=es", "Note=hello"],
            values.Select(v => $"{v.Key}={v.Value}"));

        using var request = Visitor.BuildRequest(form, new Uri("http://127.0.0.1:5000/members/sign-in"), new Dictionary<string, string> { ["Email"] = "a@example.org", ["Password"] = "secret" });
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:5000/members/sign-in?next=%2Fhome", request.RequestUri!.ToString());
        var body = await request.Content!.ReadAsStringAsync();
        Assert.Contains("__RequestVerificationToken=token-123", body, StringComparison.Ordinal);
        Assert.Contains("Email=a%40example.org", body, StringComparison.Ordinal);
        Assert.Contains("Password=secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("old%40example.org", body, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => Visitor.BuildRequest(form, new Uri("http://127.0.0.1:5000/"), new Dictionary<string, string> { ["Emial"] = "typo" }));
        var noToken = (IHtmlFormElement)Parse("""<form method="post"><input name="q"></form>""").QuerySelector("form")!;
        Assert.Throws<InvalidOperationException>(() => Visitor.BuildRequest(noToken, new Uri("http://127.0.0.1:5000/"), new Dictionary<string, string>()));
    }

    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The cookie and form tokens the app would put on a page with a POST form.</summary>
    private static (string CookieName, string CookieToken, string RequestToken) IssueTokens(AtlasApp app)
    {
        var context = new DefaultHttpContext { RequestServices = app.Services };
        var tokens = app.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var name = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        return (name, tokens.CookieToken!, tokens.RequestToken!);
    }
}
