using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.BrowserTests;

/// <summary>Every account form with JavaScript off: it submits, shows its field errors, and redirects.</summary>
public sealed class NoScriptAccountTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task With_javascript_off_a_person_signs_up_adds_a_condition_makes_a_token_and_signs_out()
    {
        var (email, pseudonym) = Members.NewIdentity("noscript");
        var page = await browser.NewPageAsync(javaScript: false);

        await page.GotoAsync("/account/register");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#Form_Pseudonym").FillAsync(pseudonym);
        await page.Locator("#Form_Password").FillAsync("password1234");
        await page.Locator("form#register button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#Form_Password-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Form_Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator(".form-errors a[href='#Form_Password']")).ToHaveCountAsync(1);

        await page.Locator("#Form_Password").FillAsync(Members.Password);
        await page.Locator("form#register button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/check-email$"));
        await page.GotoAsync(browser.App.Mail.LinkTo(email, "/account/confirm-email").PathAndQuery);

        // The header's link says "Sign in" without the script, and still takes a member to their account.
        await page.GotoAsync("/account/login?returnUrl=%2Faccount%2Fconditions");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#Form_Password").FillAsync(Members.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/consent"));
        await page.Locator("#Agree").CheckAsync();
        await page.Locator("form#give-consent button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/conditions"));

        // Without the script: a plain search lists the matches, the form picks one.
        await page.Locator("#q").FillAsync("hemifacial");
        await page.Locator("form#find-condition button[type=submit]").ClickAsync();
        await page.Locator("form#add-relation input[name=Condition][value=hemifacial-spasm]").CheckAsync();
        await page.Locator("form#add-relation #Relation").SelectOptionAsync("Caregiver");
        await page.Locator("form#add-relation button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("form.relation-change")).ToHaveCountAsync(1);

        await page.GotoAsync("/account/tokens");
        await page.Locator("#Form_Name").FillAsync("   ");
        await page.Locator("form#new-token button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#Form_Name-error")).ToBeVisibleAsync();
        await page.Locator("#Form_Name").FillAsync("diary");
        await page.Locator("form#new-token button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#created-token")).ToHaveValueAsync(new Regex("^pat_"));

        await page.GotoAsync("/conditions/hemifacial-spasm/diet");
        await Assertions.Expect(page.Locator("a[data-account-link]")).ToHaveTextAsync("Sign in");
        Assert.DoesNotContain(email, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await page.Locator("a[data-account-link]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
        await page.Locator("form#logout button[type=submit]").ClickAsync();
        await page.GotoAsync("/account");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }
}
