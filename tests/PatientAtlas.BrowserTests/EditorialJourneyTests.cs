using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// The editorial loop with the demo accounts, as the README's run command offers it: the demo editor drafts a summary
/// for a question that has none, the demo reviewer requests a change, the editor fixes it, the reviewer approves, and
/// the public page shows the badge line, the byline with credentials, "Next review due" and the history link.
/// Every editorial page on the way is checked with axe-core.
/// </summary>
public sealed class EditorialJourneyTests(Browser browser) : IClassFixture<Browser>
{
    private const string Workspace = "/editorial/hemifacial-spasm/triggers?lang=en";

    private async Task<IPage> SignInAsync(string email)
    {
        var page = await browser.NewPageAsync(bypassCsp: true);
        await page.GotoAsync("/account/login");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#Form_Password").FillAsync(DemoMembers.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
        return page;
    }

    private static async Task AxeCleanAsync(IPage page, string where)
    {
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{where}: {string.Join("; ", violations.Select(v => v.Id + ": " + v.Help))}");
    }

    [Fact]
    public async Task The_demo_editor_and_reviewer_take_a_summary_from_draft_to_the_public_page()
    {
        var editor = await SignInAsync("editor@demo.invalid");
        await editor.GotoAsync("/editorial");
        await AxeCleanAsync(editor, "editorial");
        await editor.Locator("#Condition").FillAsync("/conditions/hemifacial-spasm/triggers");
        await editor.Locator("#start-form button[type=submit]").ClickAsync();
        await Assertions.Expect(editor).ToHaveURLAsync(new Regex("/editorial/hemifacial-spasm/triggers\\?lang=en$"));
        await AxeCleanAsync(editor, "workspace (new draft)");
        await Assertions.Expect(editor.Locator("#Form_Body")).ToContainTextAsync("## What people in our community report");

        await editor.Locator("#Form_ShortAnswer").FillAsync("People most often name stress and tiredness as triggers.");
        await editor.Locator("#Form_Body").FillAsync("## What the evidence says\n\nStress is the trigger most often reported.");
        await editor.Locator("#Form_Citations_0__Identifier").FillAsync("10.12/bad");
        await editor.Locator("#Form_Citations_0__Title").FillAsync("Triggers of hemifacial spasm");
        await editor.Locator("#Form_Citations_0__Accessed").FillAsync("2026-11-20");
        await editor.Locator("#save").ClickAsync();
        await Assertions.Expect(editor.Locator("#Form_Citations_0__Identifier-error")).ToContainTextAsync("A DOI reads");
        await AxeCleanAsync(editor, "workspace (field error)");
        await editor.Locator("#Form_Citations_0__Identifier").FillAsync("10.1016/j.jns.2020.116123");
        await editor.Locator("#save").ClickAsync();
        await Assertions.Expect(editor.Locator("#done")).ToHaveTextAsync("Draft saved.");
        await editor.Locator("#preview").ClickAsync();
        await Assertions.Expect(editor.Locator(".badge-line")).ToContainTextAsync("Medically reviewed summary");
        await AxeCleanAsync(editor, "preview");
        await editor.GotoAsync(Workspace);
        await editor.Locator("#submit").ClickAsync();
        await Assertions.Expect(editor.Locator("#done")).ToHaveTextAsync("Submitted for review.");

        var reviewer = await SignInAsync("reviewer@demo.invalid");
        await reviewer.GotoAsync("/editorial");
        await reviewer.Locator("#review-queue a", new() { HasTextString = "Hemifacial spasm" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".diff ins").First).ToBeVisibleAsync();
        await AxeCleanAsync(reviewer, "workspace (review)");
        await reviewer.Locator("#review-section").SelectOptionAsync("What the evidence says");
        await reviewer.Locator("#review-comment").FillAsync("Please say how often, with n.");
        await reviewer.Locator("#request-changes").ClickAsync();
        await Assertions.Expect(reviewer.Locator("#done")).ToContainTextAsync("Changes requested");

        await editor.GotoAsync(Workspace);
        await Assertions.Expect(editor.Locator(".comments")).ToContainTextAsync("Please say how often, with n.");
        await editor.Locator("#Form_Body").FillAsync("## What the evidence says\n\nStress is the trigger most often reported (12 of 30 people in one series).");
        await editor.Locator("#Form_ChangeNote").FillAsync("How often stress is reported");
        await editor.Locator("#save").ClickAsync();
        await editor.Locator("#submit").ClickAsync();
        await Assertions.Expect(editor.Locator("#done")).ToHaveTextAsync("Submitted for review.");

        await reviewer.GotoAsync(Workspace);
        await reviewer.Locator("#approve").ClickAsync();
        await Assertions.Expect(reviewer.Locator("#done")).ToHaveTextAsync("Approved and published.");
        await reviewer.GotoAsync("/editorial/hemifacial-spasm/triggers/digest?lang=en");
        await AxeCleanAsync(reviewer, "digest");

        var reader = await browser.NewPageAsync(bypassCsp: true);
        await reader.GotoAsync("/conditions/hemifacial-spasm/triggers");
        await Assertions.Expect(reader.Locator(".badge-line")).ToContainTextAsync("Medically reviewed summary");
        await Assertions.Expect(reader.Locator(".byline a.reviewer")).ToHaveTextAsync("Dr. Alex Moreno (demo), MD, Neurology");
        await Assertions.Expect(reader.Locator(".byline .dates")).ToContainTextAsync("Next review due");
        await reader.Locator(".history-link a").ClickAsync();
        await Assertions.Expect(reader.Locator("#history")).ToContainTextAsync("How often stress is reported");
        await AxeCleanAsync(reader, "history");
        await reader.Locator("#history a").First.ClickAsync();
        await Assertions.Expect(reader).ToHaveURLAsync(new Regex("/reviewers/dr-alex-moreno-demo$"));
        await Assertions.Expect(reader.Locator("main")).ToContainTextAsync("Hemifacial spasm");
    }
}
