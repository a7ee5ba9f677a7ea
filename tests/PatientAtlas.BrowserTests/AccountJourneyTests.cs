using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.BrowserTests;

/// <summary>A person makes an account the way they would at home: the form, the mail, the link, the sign-in.</summary>
public sealed class AccountJourneyTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task Sign_up_confirm_from_the_mail_sign_in_and_see_the_header_change()
    {
        var (email, pseudonym) = Members.NewIdentity("journey");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Pseudonym").FillAsync(pseudonym);
        await page.GetByLabel("Password").FillAsync(Members.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");

        await page.GotoAsync(browser.App.Mail.LinkTo(email, "/account/confirm-email").PathAndQuery);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("your email address is confirmed");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Members.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));

        // The header names the member on every page, cached ones included, from /account/status.
        await page.GotoAsync("/conditions/hemifacial-spasm/diet");
        await Assertions.Expect(page.Locator("a[data-account-link]")).ToHaveTextAsync(pseudonym);
    }

    [Theory]
    [InlineData("/account/register", false)]
    [InlineData("/account/register", true)]
    [InlineData("/account/login", false)]
    [InlineData("/account/login", true)]
    [InlineData("/es/account/forgot-password", true)]
    public async Task Account_pages_have_no_serious_accessibility_violations(string path, bool phone)
    {
        var page = await browser.NewPageAsync(phone, bypassCsp: true);
        await page.GotoAsync(path);
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(!phone || width <= 390, $"{path} scrolls sideways on a phone ({width}px)");
    }

    [Fact]
    public async Task Signed_in_pages_have_no_serious_accessibility_violations_at_phone_and_desktop_width()
    {
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(phone, bypassCsp: true);
            await page.GotoAsync("/account/login");
            await page.GetByLabel("Email address").FillAsync("admin@demo.invalid");
            await page.GetByLabel("Password").FillAsync(PatientAtlas.Features.Accounts.DemoMembers.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
            foreach (var path in new[] { "/account", "/account/tokens", "/admin", "/es/account" })
            {
                await page.GotoAsync(path);
                var violations = await Axe.SeriousViolationsAsync(page);
                Assert.True(violations.Count == 0, $"{path} ({(phone ? "phone" : "desktop")}): {string.Join("; ", violations.Select(v => v.Id + ": " + v.Help))}");
                var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(!phone || width <= 390, $"{path} scrolls sideways on a phone ({width}px)");
            }
        }
    }
}
