using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>What a new member reads on their own pages: dates as the site writes them, and an empty list that says what to do.</summary>
public sealed class NewMemberPagesTests
{
    [Fact]
    public async Task SessionsShowSpelledDatesAndAnEmptyConditionListSaysHowToAddOne()
    {
        await using var app = await AtlasApp.StartAsync();
        var (visitor, _, _) = await app.MemberAsync();
        using var _v = visitor;
        var hub = await visitor.GetAsync("/account");
        var times = hub.Document.QuerySelectorAll("tr[id^='session-'] time").ToList();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.Matches(@"^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC$", t.TextContent));
        Assert.All(times, t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$", t.GetAttribute("datetime")!));

        await visitor.ConsentAsync();
        var conditions = await visitor.GetAsync("/account/conditions");
        var none = conditions.Document.QuerySelector("#no-relations")!.TextContent;
        Assert.DoesNotContain("letter", none, StringComparison.Ordinal);
        Assert.Contains("share an experience", none, StringComparison.Ordinal);
    }
}
