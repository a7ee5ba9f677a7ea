using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// The community loop at phone width: a new member signs up, confirms from the mail, consents, shares an experience
/// with two "what I tried" entries through the preview, and sees it waiting for review; the demo moderator approves it;
/// the question page counts one more person and lists the new entries; site search finds it; another member flags it,
/// and the flag brings it back to the moderator's queue.
/// The share form, the preview, /account/experiences, the moderation queue and the flag form are checked with axe-core.
/// </summary>
public sealed partial class ExperienceJourneyTests(Browser browser) : IClassFixture<Browser>
{
    private const string QuestionPath = "/conditions/hemifacial-spasm/diet";
    private const string Distinctive = "kohlrabi";

    [GeneratedRegex(@"^\s*(\d+)\s")]
    private static partial Regex LeadingCount();

    private static async Task AxeCleanAsync(IPage page, string where)
    {
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{where}: {string.Join("; ", violations.Select(v => v.Id + ": " + v.Help))}");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"{where} scrolls sideways on a phone ({width}px)");
    }

    private async Task<IPage> SignInAsync(string email, string password)
    {
        var page = await browser.NewPageAsync(phone: true, bypassCsp: true);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
        return page;
    }

    [Fact]
    public async Task A_new_members_experience_goes_through_review_to_the_question_page_search_and_a_flag()
    {
        // What the question page says before: the demo content has people who shared here already.
        var reader = await browser.NewPageAsync();
        await reader.GotoAsync(QuestionPath);
        var communityLine = reader.Locator(".community-line a[href='#experiences']");
        var before = (await communityLine.TextContentAsync())!.Trim();
        var count = int.Parse(LeadingCount().Match(before).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(2, count);

        // A new member: sign up, confirm from the mail, sign in.
        var (email, pseudonym) = Members.NewIdentity("sharer");
        var page = await browser.NewPageAsync(phone: true, bypassCsp: true);
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Pseudonym").FillAsync(pseudonym);
        await page.GetByLabel("Password").FillAsync(Members.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");
        await page.GotoAsync(browser.App.Mail.LinkTo(email, "/account/confirm-email").PathAndQuery);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("your email address is confirmed");
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Members.Password);
        await page.Locator("form#login button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));

        // From the question page's share link; sharing is health data, so consent comes first, then back.
        await page.GotoAsync(QuestionPath);
        await page.Locator(".community-line a.share-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/consent"));
        await page.Locator("#Agree").CheckAsync();
        await page.Locator("form#give-consent button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/conditions/hemifacial-spasm/diet/share$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Share your experience");
        await AxeCleanAsync(page, "share form");

        await page.GetByLabel("You are writing as").SelectOptionAsync(new SelectOptionValue { Label = "lives with it" });
        await page.GetByLabel("Your experience").FillAsync(
            $"I cut out coffee and started eating {Distinctive} soup most evenings. After about a month the twitching around my left eye came less often, though it still flares when I sleep badly.");
        await page.GetByLabel("What I tried (1)").FillAsync("Cutting out coffee");
        await page.Locator("#Form_Tried_0__Outcome").SelectOptionAsync(new SelectOptionValue { Label = "Helped" });
        await page.Locator("#Form_Tried_0__Duration").FillAsync("3 months");
        await page.GetByLabel("What I tried (2)").FillAsync("Magnesium-rich meals");
        await page.Locator("#Form_Tried_1__Outcome").SelectOptionAsync(new SelectOptionValue { Label = "No change" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator(".share-preview h2")).ToHaveTextAsync("Preview");
        await Assertions.Expect(page.Locator(".share-preview .text")).ToContainTextAsync(Distinctive);
        await Assertions.Expect(page.Locator(".share-preview ul.tried li")).ToHaveCountAsync(2);
        await AxeCleanAsync(page, "preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post my experience" }).ClickAsync();

        // A new member's post waits for a moderator; the member sees why.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/account/experiences\?posted=\d+$"));
        var id = long.Parse(new Uri(page.Url).Query.Split('=')[1], CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#posted-state")).ToHaveAttributeAsync("data-status", "pending");
        await Assertions.Expect(page.Locator("#posted-state")).ToContainTextAsync("It is waiting for review.");
        await Assertions.Expect(page.Locator("#posted-state li[data-reason=new-member]")).ToHaveCountAsync(1);
        var mine = page.Locator($"#my-experiences li[data-experience='{id}']");
        await Assertions.Expect(mine.Locator(".state strong")).ToHaveTextAsync("Waiting for review");
        await AxeCleanAsync(page, "my experiences");

        // Not public yet.
        await reader.GotoAsync(QuestionPath);
        await Assertions.Expect(reader.Locator($"#experience-{id}")).ToHaveCountAsync(0);
        await Assertions.Expect(communityLine).ToHaveTextAsync(before);

        // The demo moderator approves it from the queue.
        var moderator = await SignInAsync("moderator@demo.invalid", DemoMembers.Password);
        await moderator.GotoAsync("/moderation");
        var item = moderator.Locator($"#item-experience-{id}");
        await Assertions.Expect(item.Locator(".pseudonym")).ToHaveTextAsync(pseudonym);
        await Assertions.Expect(item.Locator(".moderated-text")).ToContainTextAsync(Distinctive);
        await AxeCleanAsync(moderator, "moderation queue");
        await item.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(moderator.Locator("#decided")).ToHaveTextAsync("Decision saved. The member has been told.");
        await Assertions.Expect(moderator.Locator($"#item-experience-{id}")).ToHaveCountAsync(0);

        await page.GotoAsync("/account/experiences");
        await Assertions.Expect(mine.Locator(".state strong")).ToHaveTextAsync("Published");

        // The question page counts one more person, in its own words, and "what people tried" has the new entries.
        await reader.GotoAsync(QuestionPath);
        var after = LeadingCount().Replace(before, (count + 1).ToString(CultureInfo.InvariantCulture) + " ", 1);
        await Assertions.Expect(communityLine).ToHaveTextAsync(after);
        Assert.StartsWith("3 people", after, StringComparison.Ordinal);
        var tried = reader.Locator(".tried-summary .tried-name");
        await Assertions.Expect(tried.Filter(new() { HasTextRegex = new Regex("^Cutting out coffee", RegexOptions.IgnoreCase) })).ToHaveCountAsync(1);
        await Assertions.Expect(tried.Filter(new() { HasTextRegex = new Regex("^Magnesium-rich meals", RegexOptions.IgnoreCase) })).ToHaveCountAsync(1);
        var published = reader.Locator($"#experience-{id}");
        await Assertions.Expect(published.Locator(".pseudonym")).ToHaveTextAsync(pseudonym);
        await Assertions.Expect(published.Locator("ul.tried li")).ToHaveCountAsync(2);

        // Site search finds it by a word from its text, typed into the header's search box.
        await reader.Locator("#site-search").FillAsync(Distinctive);
        await reader.Locator("#site-search").PressAsync("Enter");
        await Assertions.Expect(reader).ToHaveURLAsync(new Regex($"/search\\?q={Distinctive}"));
        var hit = reader.Locator("section#experiences ol.search-results > li").Filter(new() { HasTextString = "eating " + Distinctive + " soup" });
        await Assertions.Expect(hit).ToHaveCountAsync(1);
        await Assertions.Expect(hit.Locator("a.result-title")).ToHaveAttributeAsync("href", QuestionPath);

        // Another member flags it, with a reason.
        var flagger = await SignInAsync("member@demo.invalid", DemoMembers.Password);
        await flagger.GotoAsync(QuestionPath);
        await flagger.Locator($"#experience-{id} .flag-link a").ClickAsync();
        await Assertions.Expect(flagger).ToHaveURLAsync(new Regex($"/experiences/{id}/flag$"));
        await AxeCleanAsync(flagger, "flag form");
        await flagger.GetByLabel("Medical misinformation").CheckAsync();
        await flagger.GetByLabel("Note for the moderators").FillAsync($"Nothing shows that {Distinctive} helps with spasms.");
        await flagger.GetByRole(AriaRole.Button, new() { Name = "Send the flag" }).ClickAsync();
        await Assertions.Expect(flagger.Locator("#flag-sent")).ToHaveTextAsync("Thank you. The moderators will look at this post.");

        // The flag brings it back to the moderator's queue, with the reason and the note.
        await moderator.GotoAsync("/moderation");
        await Assertions.Expect(moderator.Locator($"#item-experience-{id} ul.flags li")).ToContainTextAsync("Medical misinformation");
        await Assertions.Expect(moderator.Locator($"#item-experience-{id} ul.flags .flag-note")).ToHaveTextAsync($"Nothing shows that {Distinctive} helps with spasms.");
        await AxeCleanAsync(moderator, "moderation queue with a flag");
    }
}
