using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>A newcomer who pressed "Share your experience" keeps their place through sign-in, sign-up, the mail and consent.</summary>
public sealed class ReturnAddressTests
{
    private const string Share = "/conditions/hemifacial-spasm/treatments/share";

    [Fact]
    public async Task ShareLeadsThroughSignUpTheMailAndConsentBackToTheShareForm()
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();

        // Sign-in says why it is asked, and "Create an account" keeps where the newcomer was going.
        var login = await visitor.GetAsync(Share);
        Assert.Equal("/account/login", login.Url.AbsolutePath);
        Assert.Contains("share your experience", login.Document.QuerySelector("p.login-reason")!.TextContent, StringComparison.Ordinal);
        var register = login.Document.QuerySelectorAll("main a").Single(a => a.GetAttribute("href")!.StartsWith("/account/register", StringComparison.Ordinal));
        Assert.Equal("/account/register?returnUrl=" + Uri.EscapeDataString(Share), register.GetAttribute("href"));

        var (email, pseudonym) = Members.NewIdentity("newcomer");
        var form = await visitor.GetAsync(register.GetAttribute("href")!);
        var registered = await visitor.SubmitAsync(form.Document, form.Url, "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Pseudonym"] = pseudonym, ["Form.Password"] = Members.Password,
        });
        Assert.Equal("/account/check-email", registered.Url.AbsolutePath);

        // The mail's link carries the return address; the confirmed page leads to signing in and on.
        var link = app.Mail.LinkTo(email, "/account/confirm-email");
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(Share), link.Query, StringComparison.Ordinal);
        var confirmed = await visitor.GetAsync(link.PathAndQuery);
        var onward = confirmed.Document.QuerySelector("a.continue")!.GetAttribute("href")!;
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(Share), onward);

        var signInPage = await visitor.GetAsync(onward);
        var signedIn = await visitor.SubmitAsync(signInPage.Document, signInPage.Url, "form#login", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Password"] = Members.Password,
        });
        // Consent comes first for health data, then the share form itself.
        Assert.Equal("/account/consent", signedIn.Url.AbsolutePath);
        var shared = await visitor.SubmitAsync(signedIn.Document, signedIn.Url, "form#give-consent", new Dictionary<string, string> { ["Agree"] = "true" });
        Assert.Equal(HttpStatusCode.OK, shared.Status);
        Assert.Equal(Share, shared.Url.AbsolutePath);
        Assert.NotNull(shared.Document.QuerySelector("form#share"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/x")]
    public async Task AForeignReturnAddressIsNeitherMailedNorOffered(string returnUrl)
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();
        var (email, pseudonym) = Members.NewIdentity("foreign");
        var form = await visitor.GetAsync("/account/register?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await visitor.SubmitAsync(form.Document, form.Url, "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Pseudonym"] = pseudonym, ["Form.Password"] = Members.Password,
        });
        var link = app.Mail.LinkTo(email, "/account/confirm-email");
        Assert.DoesNotContain("returnUrl", link.Query, StringComparison.Ordinal);
        var confirmed = await visitor.GetAsync(link.PathAndQuery + "&returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Null(confirmed.Document.QuerySelector("a.continue"));
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(m => m.Email == email && m.EmailConfirmed)));
    }
}
