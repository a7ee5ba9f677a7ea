using System.Text.Json;
using AngleSharp.Dom;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Questions;

[ProviderNeutral(NeutralBecause.Rendering)]
public sealed class QuestionPageAnatomyTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private AtlasApp App => fixture.App;

    [Theory]
    [InlineData("", "Is there a specific diet that treats Hemifacial spasm (HFS)?", "2 people with Hemifacial spasm (HFS) have shared their first-person experience on this question", "Last updated: 8 May 2026")]
    [InlineData("/es", "¿Existe una dieta específica que trate Espasmo hemifacial (HFS)?", "2 personas con Espasmo hemifacial (HFS) han compartido su experiencia en primera persona sobre esta pregunta", "Última actualización: 8 de mayo de 2026")]
    public async Task TheHemifacialSpasmDietPageFollowsTheAnatomyInOrder(string prefix, string question, string community, string updated)
    {
        var document = await App.GetDocumentAsync($"{prefix}/conditions/hemifacial-spasm/diet");
        var article = document.QuerySelector("main article.question")!;

        // The parts in the agreed order: the question first, then its short answer and the community line; then the
        // summary in the main column and the community column (what people tried, then the experiences) beside it.
        string[] order = ["h1", "p.badge-line", "p.short-answer", "p.community-line", "p.jump", ".question-main .summary-body", ".question-main footer.byline", ".community section.tried-summary", ".community section.experiences", "aside.disclaimer"];
        var positions = order.Select(selector => IndexIn(article, selector)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order().ToList(), positions);

        var crumbs = document.QuerySelectorAll("nav.breadcrumb a").Select(a => a.TextContent).ToList();
        Assert.Equal(3, crumbs.Count);
        Assert.Equal(prefix == "" ? "Hemifacial spasm" : "Espasmo hemifacial", crumbs[1]);

        var badge = article.QuerySelector("p.badge-line")!.TextContent;
        Assert.Contains(updated, badge, StringComparison.Ordinal);
        Assert.Equal("2026-05-08", article.QuerySelector("p.badge-line time")!.GetAttribute("datetime"));
        Assert.Equal("#community", article.QuerySelector("p.jump a")!.GetAttribute("href"));
        Assert.Equal(question, article.QuerySelector("h1")!.TextContent);
        Assert.Equal(question + " · PatientAtlas", document.Title);
        // The summary is the one written in the page's language, not a fallback.
        Assert.Equal(prefix == "" ? "en" : "es", article.QuerySelector("p.short-answer")!.GetAttribute("lang"));
        Assert.Null(article.QuerySelector("p.summary-language"));
        Assert.Equal(community, article.QuerySelector("p.community-line a")!.TextContent.Trim());
        Assert.Equal("#experiences", article.QuerySelector("p.community-line a")!.GetAttribute("href"));

        var body = article.QuerySelector(".summary-body")!;
        Assert.True(body.QuerySelectorAll("h2").Length >= 3);
        // The summary's sections do not repeat the question the h1 asks.
        Assert.DoesNotContain(body.QuerySelectorAll("h2"), h => h.TextContent.Contains('?', StringComparison.Ordinal));
        Assert.NotNull(body.QuerySelector("ul li"));
        Assert.Contains("carbamazep", body.QuerySelector(".caution")!.TextContent, StringComparison.OrdinalIgnoreCase);

        var byline = article.QuerySelector("footer.byline")!;
        Assert.Contains("(demo)", byline.QuerySelector(".author")!.TextContent, StringComparison.Ordinal);
        var reviewer = byline.QuerySelector("a.reviewer")!;
        Assert.Contains("MD", reviewer.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{prefix}/reviewers/dr-alex-moreno-demo", reviewer.GetAttribute("href"));
        Assert.Contains("2027", byline.QuerySelector("dl.dates")!.TextContent, StringComparison.Ordinal);
        var citations = byline.QuerySelectorAll("ol.citations li a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("https://www.orpha.net/en/disease/detail/221083", citations);
        Assert.Contains("https://omim.org/entry/141405", citations);

        Assert.Equal(2, article.QuerySelectorAll("section.experiences article.experience").Length);
        Assert.NotEmpty(article.QuerySelectorAll("section.experiences ul.tried li"));
        Assert.NotEmpty(article.QuerySelectorAll("section.tried-summary li.tried-item"));
        Assert.Contains(prefix + "/conditions/hemifacial-spasm/diet/report-error", byline.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.False(string.IsNullOrWhiteSpace(article.QuerySelector("aside.disclaimer")!.TextContent));
        Assert.Null(document.QuerySelector("meta[name=robots]"));
    }

    [Fact]
    public async Task JsonLdDescribesAReviewedMedicalWebPageWithTheQuestionAndItsAnswer()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        using var json = JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        var page = json.RootElement;
        Assert.Equal("https://schema.org", page.GetProperty("@context").GetString());
        Assert.Equal("MedicalWebPage", page.GetProperty("@type").GetString());
        Assert.Equal("2026-05-08", page.GetProperty("lastReviewed").GetString());
        Assert.False(string.IsNullOrEmpty(page.GetProperty("dateModified").GetString()));
        Assert.Contains("(demo)", page.GetProperty("reviewedBy").GetProperty("name").GetString(), StringComparison.Ordinal);
        var about = page.GetProperty("about");
        Assert.Equal("MedicalCondition", about.GetProperty("@type").GetString());
        var codes = about.GetProperty("code").EnumerateArray().Select(c => (c.GetProperty("codingSystem").GetString(), c.GetProperty("codeValue").GetString())).ToList();
        Assert.Contains(("Orphanet", "221083"), codes);
        Assert.Contains(("OMIM", "141405"), codes);
        var question = page.GetProperty("mainEntity");
        Assert.Equal("Question", question.GetProperty("@type").GetString());
        Assert.StartsWith("Is there a specific diet", question.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(question.GetProperty("acceptedAnswer").GetProperty("text").GetString()));
    }

    [Fact]
    public async Task AQuestionNobodyAnsweredYetInvitesTheFirstExperienceAndIsNotIndexed()
    {
        foreach (var (prefix, invite) in new[] { ("", "Nobody with Hemifacial spasm (HFS) has shared"), ("/es", "Todavía nadie con Espasmo hemifacial (HFS)") })
        {
            var document = await App.GetDocumentAsync($"{prefix}/conditions/hemifacial-spasm/sleep");
            Assert.Null(document.QuerySelector("p.badge-line"));
            Assert.NotNull(document.QuerySelector("p.no-summary"));
            Assert.StartsWith(invite, document.QuerySelector("p.community-line")!.TextContent.Trim(), StringComparison.Ordinal);
            Assert.Equal("noindex", document.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
            Assert.NotNull(document.QuerySelector("aside.disclaimer"));
        }
    }

    [Fact]
    public async Task EveryConditionAnswersEveryStandardQuestion()
    {
        foreach (var key in PatientAtlas.Features.Questions.QuestionTemplates.Keys)
        {
            await App.GetDocumentAsync($"/conditions/lyme-disease/{key}");
            await App.GetDocumentAsync($"/es/conditions/marfan-syndrome/{key}");
        }
    }

    [Fact]
    public async Task TriedOutcomesAppearOnlyFromTheThreshold()
    {
        var celiac = await App.GetDocumentAsync("/conditions/celiac-disease/diet");
        var row = celiac.QuerySelectorAll("section.tried-summary li.tried-item").Single(r => r.QuerySelector(".tried-name span")!.TextContent == "Strict gluten-free diet");
        Assert.Null(row.QuerySelector(".too-few"));
        Assert.Contains("%", row.TextContent, StringComparison.Ordinal);

        var hfs = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        Assert.All(hfs.QuerySelectorAll("section.tried-summary li.tried-item"), r => Assert.NotNull(r.QuerySelector(".too-few")));
    }

    [Theory]
    [InlineData("/conditions/hemifacial-spasm/diet?sort=oldest")]
    [InlineData("/conditions/hemifacial-spasm/diet?page=abc")]
    [InlineData("/conditions/hemifacial-spasm/diet?after=xyz")]
    [InlineData("/es/conditions/hemifacial-spasm/diet?sort=1")]
    [InlineData("/conditions/hemifacial-spasm/diet?after=5000000000000000000-1")]
    [InlineData("/conditions/hemifacial-spasm/diet?after=99999999999999999999-1")]
    public async Task BadQueryValuesAnswer400(string path) => await App.GetDocumentAsync(path, 400);

    [Theory]
    [InlineData("/conditions/hemifacial-spasm/no-such-question")]
    [InlineData("/conditions/hemifacial-spasam/diet")]
    public async Task UnknownConditionsAndQuestionsAnswer404WithSuggestions(string path)
    {
        var document = await App.GetDocumentAsync(path, 404);
        Assert.Contains("Hemifacial spasm", document.QuerySelectorAll("main li a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task TheReviewerPageNamesCredentialsAndReviewedSummaries()
    {
        var document = await App.GetDocumentAsync("/reviewers/dr-alex-moreno-demo");
        Assert.Contains("(demo)", document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(document.QuerySelectorAll("main li a"), a => a.GetAttribute("href") == "/conditions/hemifacial-spasm/diet");
    }

    [Theory]
    [InlineData("", "Magnesium supplement", "en")]
    [InlineData("/es", "Suplemento de magnesio", "es")]
    public async Task WhatPeopleTriedCountsOneInterventionOnceAcrossLanguagesAndNamesItInTheReadersLanguage(string prefix, string name, string lang)
    {
        // One member wrote "Magnesium supplement", another "Suplemento de magnesio": one row, two people.
        var document = await App.GetDocumentAsync($"{prefix}/conditions/hemifacial-spasm/diet");
        var rows = document.QuerySelectorAll("section.tried-summary li.tried-item")
            .Where(r => r.QuerySelector(".tried-name span")!.TextContent.Contains("agnesi", StringComparison.Ordinal)).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(name, row.QuerySelector(".tried-name span")!.TextContent);
        Assert.Equal(lang, row.QuerySelector(".tried-name span")!.GetAttribute("lang"));
        Assert.StartsWith("2 ", row.QuerySelector(".tried-people")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserContentKeepsItsLanguageAndTheInterfaceSpeaksTheReaders()
    {
        var document = await App.GetDocumentAsync("/conditions/hemifacial-spasm/diet");
        var spanish = document.QuerySelectorAll("article.experience").Single(e => e.QuerySelector(".text")!.GetAttribute("lang") == "es");
        Assert.Contains("written in Spanish", spanish.QuerySelector("p.meta")!.TextContent, StringComparison.Ordinal);
        Assert.Null(spanish.GetAttribute("lang"));
        var entry = spanish.QuerySelectorAll("ul.tried li")[0];
        Assert.Equal("es", entry.QuerySelector(".intervention")!.GetAttribute("lang"));
        Assert.Matches("^(Helped|No change|Worse)$", entry.QuerySelector(".outcome")!.TextContent);
        Assert.Null(entry.QuerySelector(".outcome")!.GetAttribute("lang"));
        if (entry.QuerySelector(".duration") is { } duration)
        {
            Assert.Equal("es", duration.GetAttribute("lang"));
        }
        // One date format for people on the page ("8 May 2026"); ISO only in datetime attributes.
        var shown = document.QuerySelectorAll("main time").Select(t => t.TextContent).ToList();
        Assert.All(shown, text => Assert.Matches(@"^\d{1,2} [A-Z][a-z]+ \d{4}$", text));
        Assert.All(document.QuerySelectorAll("main time"), t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", t.GetAttribute("datetime")!));
        // No empty pager is left in the page when there is one page of experiences.
        Assert.Null(document.QuerySelector("nav.pager"));
        Assert.True(document.QuerySelector("meta[name=description]")!.GetAttribute("content")!.Length <= 160);
    }

    private static int IndexIn(IElement root, string selector)
    {
        var target = root.QuerySelector(selector);
        if (target is null)
        {
            return -1;
        }
        return root.QuerySelectorAll("*").ToList().IndexOf(target);
    }
}
