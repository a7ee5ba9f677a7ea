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

    /// <summary>
    /// The whole life of an account: sign up, confirm from the mail, sign in, consent, add hemifacial spasm as
    /// "affected" (private, then shown on the profile), download the data, delete the account, and fail to sign in.
    /// Every account page on the way is checked with axe-core, at phone or desktop width.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_lives_the_whole_life_of_an_account(bool phone)
    {
        var (email, pseudonym) = Members.NewIdentity("life");
        var page = await browser.NewPageAsync(phone, bypassCsp: true);
        async Task AxeCleanAsync(string where)
        {
            var violations = await Axe.SeriousViolationsAsync(page);
            Assert.True(violations.Count == 0, $"{where}: {string.Join("; ", violations.Select(v => v.Id + ": " + v.Help))}");
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(!phone || width <= 390, $"{where} scrolls sideways on a phone ({width}px)");
        }

        await page.GotoAsync("/account/register");
        await AxeCleanAsync("register");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#Form_Pseudonym").FillAsync(pseudonym);
        await page.Locator("#Form_Password").FillAsync(Members.Password);
        await page.Locator("form#register button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/check-email$"));
        await AxeCleanAsync("check-email");

        await page.GotoAsync(browser.App.Mail.LinkTo(email, "/account/confirm-email").PathAndQuery);
        await AxeCleanAsync("confirm-email");
        await page.GotoAsync("/account/login");
        await AxeCleanAsync("login");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#Form_Password").FillAsync(Members.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
        await AxeCleanAsync("account");

        // Relations are health data: the page asks for consent first, then comes back.
        await page.GotoAsync("/account/conditions");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/consent"));
        await AxeCleanAsync("consent");
        await page.Locator("#Agree").CheckAsync();
        await page.Locator("form#give-consent button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/conditions"));
        await AxeCleanAsync("conditions");

        await page.Locator("#q").FillAsync("hemifacial spasm");
        await page.Locator("#q").PressAsync("Enter");
        await page.Locator("form#add-relation input[name=Condition][value=hemifacial-spasm]").CheckAsync();
        await page.Locator("form#add-relation #Relation").SelectOptionAsync("Affected");
        await page.Locator("form#add-relation button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form.relation-change")).ToHaveCountAsync(1);
        await AxeCleanAsync("conditions with a relation");

        // Private by default: the profile shows nothing until the member chooses to show it.
        await page.GotoAsync("/members/" + pseudonym);
        await Assertions.Expect(page.Locator("#shown-relations")).ToHaveCountAsync(0);
        await page.GotoAsync("/account/conditions");
        await page.Locator("form.relation-change input[name=Show]").CheckAsync();
        await page.Locator("form.relation-change button[type=submit]").ClickAsync();
        await page.GotoAsync("/members/" + pseudonym);
        await Assertions.Expect(page.Locator("#shown-relations li[data-condition=hemifacial-spasm]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(email);
        await AxeCleanAsync("profile");

        await page.GotoAsync("/account/data");
        await AxeCleanAsync("data");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var path = await download.PathAsync();
        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path)))
        {
            var text = json.RootElement.GetRawText();
            Assert.Contains(email, text, StringComparison.Ordinal);
            Assert.Contains("hemifacial-spasm", text, StringComparison.Ordinal);
        }

        await page.Locator("#Choice_delete").CheckAsync();
        await page.Locator("form#delete-account #Password").FillAsync(Members.Password);
        await page.Locator("form#delete-account button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/deleted$"));
        await AxeCleanAsync("deleted");

        await page.GotoAsync("/account/login");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#Form_Password").FillAsync(Members.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        var profile = await page.GotoAsync("/members/" + pseudonym);
        Assert.Equal(404, profile!.Status);
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
            foreach (var path in new[] { "/account", "/account/tokens", "/account/two-factor", "/account/password", "/account/email", "/account/consent", "/account/conditions", "/account/data", "/admin", "/es/account", "/members/marta_demo" })
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
