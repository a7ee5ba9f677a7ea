using System.Net;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Questions;

/// <summary>A question with no reviewed summary still answers with what the site holds, says what it is, and offers a way forward.</summary>
public sealed class EmptyQuestionPageTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Theory]
    [InlineData("", "What does treat hemifacial spasm", "Magnesium supplement")]
    [InlineData("/es", "Qué tratamientos funcionan en el espasmo hemifacial", "Suplemento de magnesio")]
    public async Task TheTreatmentsPageOfAConditionWithOnlyADietSummaryShowsWhatWeHold(string prefix, string onTopic, string tried)
    {
        var document = await App.GetDocumentAsync($"{prefix}/conditions/hemifacial-spasm/treatments");
        Assert.Null(document.QuerySelector("p.badge-line"));
        Assert.NotNull(document.QuerySelector("p.no-summary"));
        var known = document.QuerySelector(".question-main section.known")!;

        // The catalog's definition, with where it comes from.
        Assert.Contains("facial nerve", known.QuerySelector("p.definition")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(known.QuerySelector("p.source"));

        // What the reviewed diet summary says on treatments, quoted from its section and linked to it.
        var other = known.QuerySelectorAll("ul.other-summaries > li").Single();
        Assert.Equal($"{prefix}/conditions/hemifacial-spasm/diet", other.QuerySelector("a")!.GetAttribute("href"));
        var quote = other.QuerySelector("blockquote.on-topic")!;
        Assert.Equal(onTopic, quote.QuerySelector(".section-heading")!.TextContent);
        Assert.Contains("botul", quote.TextContent, StringComparison.OrdinalIgnoreCase);

        // Registries by the codes we hold, never a link guessed from a name.
        var sources = known.QuerySelectorAll("ul.trusted-sources a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://www.orpha.net/en/disease/detail/221083", "https://omim.org/entry/141405"], sources);

        // A way forward: share, ask the editors, the condition.
        var next = known.QuerySelectorAll("ul.next-steps a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"{prefix}/conditions/hemifacial-spasm/treatments/share", next);
        Assert.Contains($"{prefix}/conditions/hemifacial-spasm/treatments/request-summary", next);

        // The treatments question gathers what members tried on every question of the condition (here: the diet's).
        Assert.NotNull(document.QuerySelector("section.tried-summary p.tried-across"));
        Assert.Contains(document.QuerySelectorAll("section.tried-summary .tried-name span"), s => s.TextContent == tried);
    }

    [Fact]
    public async Task AnotherEmptyQuestionLinksToWhatMembersTriedAndKeepsItsOwnCount()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/sleep");
        Assert.Equal("/conditions/hemifacial-spasm/treatments#community", document.QuerySelector("section.known p.tried-elsewhere a")!.GetAttribute("href"));
        // Only the diet section that speaks of sleep would be quoted; the diet summary itself is still listed.
        Assert.Single(document.QuerySelectorAll("section.known ul.other-summaries li"));
        Assert.Null(document.QuerySelector("section.tried-summary p.tried-across"));
        Assert.Empty(document.QuerySelectorAll("section.tried-summary li.tried-item"));
    }

    [Fact]
    public async Task APageWithAReviewedSummaryShowsItAndNothingInItsPlace()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.Null(document.QuerySelector("section.known"));
        Assert.NotNull(document.QuerySelector(".summary-body"));
    }
}

/// <summary>"Ask the editors for a reviewed summary": stored, counted per question, and listed most-wanted first for editors.</summary>
public sealed class SummaryRequestTests
{
    [Fact]
    public async Task RequestsAreCountedPerQuestionAndEditorsSeeTheMostWantedFirst()
    {
        await using var app = await AtlasApp.StartAsync();
        foreach (var path in new[] { "/conditions/hemifacial-spasm/treatments", "/es/conditions/hemifacial-spasm/treatments", "/conditions/lyme-disease/sleep" })
        {
            using var reader = app.NewVisitor();
            var sent = await reader.SubmitAsync(path + "/request-summary", "form.request-summary-form");
            Assert.Equal(HttpStatusCode.OK, sent.Status);
            Assert.EndsWith("/request-summary?sent=1", sent.Url.PathAndQuery, StringComparison.Ordinal);
            Assert.NotNull(sent.Document.QuerySelector("p.confirmation"));
        }

        var (editor, _, _) = await app.MemberAsync(Roles.Editor);
        var dashboard = await editor.GetAsync("/editorial");
        var rows = dashboard.Document.QuerySelectorAll("#requested li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("/conditions/hemifacial-spasm/treatments · 2 requests", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("/conditions/lyme-disease/sleep · 1 request", rows[1], StringComparison.Ordinal);
        Assert.Equal("/editorial/hemifacial-spasm/treatments", dashboard.Document.QuerySelector("#requested li a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AnUnknownQuestionHasNoRequestPage()
    {
        await using var app = await AtlasApp.StartAsync();
        await app.GetDocumentAsync("/conditions/hemifacial-spasm/no-such-question/request-summary", 404);
    }
}
