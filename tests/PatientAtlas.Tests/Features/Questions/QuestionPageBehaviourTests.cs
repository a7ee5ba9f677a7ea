using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatientAtlas.Features.Site;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Questions;

public sealed class QuestionPageBehaviourTests
{
    [Fact]
    public async Task ThePageCostsTheSameSmallNumberOfRoundTripsAtOneAndAtAThousandExperiences()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:CacheSyncSeconds"] = "3600" });
        await Community.AddExperiencesAsync(app, "lyme-disease", "sleep", 1);
        await Community.AddExperiencesAsync(app, "marfan-syndrome", "sleep", 1000);
        // The change watcher's first poll would otherwise be counted with the page's queries.
        await app.Services.GetRequiredService<ContentChangeWatcher>().Started;
        // So would the demo banner's one question, asked once per process.
        await app.Services.GetRequiredService<DemoNotice>().IsShownAsync();

        var one = await CountRoundTripsAsync(app, "/conditions/lyme-disease/sleep");
        var thousand = await CountRoundTripsAsync(app, "/conditions/marfan-syndrome/sleep?sort=helpful");
        Assert.Equal(one, thousand);
        Assert.True(one <= 5, $"{one} round trips");
    }

    [Fact]
    public async Task KeysetPagingWalksEveryExperienceOnceInOrder()
    {
        await using var app = await AtlasApp.StartAsync();
        await Community.AddExperiencesAsync(app, "lyme-disease", "sleep", 25);
        var seen = new List<string>();
        string? next = "/conditions/lyme-disease/sleep";
        var pages = 0;
        while (next is not null)
        {
            var document = await app.GetDocumentAsync(next);
            seen.AddRange(document.QuerySelectorAll("article.experience .pseudonym").Select(p => p.TextContent));
            next = document.QuerySelector("a[rel=next]")?.GetAttribute("href");
            pages++;
            if (pages > 1)
            {
                Assert.Equal("noindex", document.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
            }
        }
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"member{i}"), seen);
        Assert.Contains("25 people with Lyme disease have shared", (await app.GetDocumentAsync("/conditions/lyme-disease/sleep")).QuerySelector(".community-line")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnePersonIsSingularInBothLanguages()
    {
        await using var app = await AtlasApp.StartAsync();
        await Community.AddExperiencesAsync(app, "lyme-disease", "travel", 1);
        var english = await app.GetDocumentAsync("/conditions/lyme-disease/travel");
        Assert.Equal("1 person with Lyme disease has shared their first-person experience on this question", english.QuerySelector(".community-line a")!.TextContent.Trim());
        var spanish = await app.GetDocumentAsync("/es/conditions/lyme-disease/travel");
        Assert.Equal("1 persona con Enfermedad de Lyme ha compartido su experiencia en primera persona sobre esta pregunta", spanish.QuerySelector(".community-line a")!.TextContent.Trim());
        Assert.Null(english.QuerySelector("meta[name=robots]"));
    }

    [Fact]
    public async Task MemberTextIsRenderedInert()
    {
        string[] corpus =
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"https://example.com\" onclick=\"alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://example.com\"></iframe>",
            "\"><script>alert(1)</script>",
            "<style>body{display:none}</style>",
            "[ok](https://example.com/page)",
            "![img](javascript:alert(1))",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<form action=\"https://evil.example\"><input name=x></form>",
        ];
        await using var app = await AtlasApp.StartAsync();
        await Community.AddExperiencesAsync(app, "lyme-disease", "triggers", corpus.Length, i => corpus[i]);
        var html = await app.Client.GetStringAsync("/conditions/lyme-disease/triggers");
        var document = await app.GetDocumentAsync("/conditions/lyme-disease/triggers");
        var experiences = document.QuerySelector("ol.experience-list")!;
        Assert.Empty(experiences.QuerySelectorAll("script, img, svg, iframe, style, form, input, [onerror], [onclick], [onload], [style]"));
        Assert.DoesNotContain(experiences.QuerySelectorAll("a"), a => a.GetAttribute("href")?.StartsWith("javascript", StringComparison.OrdinalIgnoreCase) == true);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        var link = experiences.QuerySelectorAll("a").Single(a => a.GetAttribute("href") == "https://example.com/page");
        Assert.Contains("nofollow", link.GetAttribute("rel"), StringComparison.Ordinal);
        Assert.Contains("ugc", link.GetAttribute("rel"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeMadeByAnotherProcessShowsAfterTheNextPollOfTheChangeNotes()
    {
        await using var app = await AtlasApp.StartAsync();
        var watcher = app.Services.GetRequiredService<ContentChangeWatcher>();
        var before = await app.GetDocumentAsync("/conditions/lyme-disease/exercise");
        Assert.Contains("Nobody", before.QuerySelector(".community-line")!.TextContent, StringComparison.Ordinal);
        // Cached now: this node answers from its cache until a change note tells it otherwise.
        using (var cached = await app.Client.GetAsync("/conditions/lyme-disease/exercise"))
        {
            Assert.NotNull(cached.Headers.Age);
        }

        // Another process records its change. A poll running now may have read the notes before the commit;
        // the poll after it cannot have, and it evicts the page.
        await Community.AddExperiencesAsync(app, "lyme-disease", "exercise", 1, anotherNode: true);
        await watcher.WaitForNextSyncAsync();
        await watcher.WaitForNextSyncAsync();
        var line = (await app.GetDocumentAsync("/conditions/lyme-disease/exercise")).QuerySelector(".community-line")!.TextContent;
        Assert.Contains("1 person", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheQuestionApiIsServedFromTheCacheUntilItsConditionChanges()
    {
        await using var app = await AtlasApp.StartAsync();
        const string path = "/api/v1/conditions/lyme-disease/questions/exercise";
        Assert.Equal(0, await ExperienceCountAsync(app, path));
        // The second read comes from the output cache.
        using (var cached = await app.Client.GetAsync(path))
        {
            Assert.NotNull(cached.Headers.Age);
            Assert.Equal(0, JsonCount(await cached.Content.ReadAsStringAsync()));
        }

        await Community.AddExperiencesAsync(app, "lyme-disease", "exercise", 1, anotherNode: true);
        Assert.Equal(1, await app.ReadAfterSyncAsync(() => ExperienceCountAsync(app, path), count => count != 0));
    }

    [Fact]
    public async Task SuggestionsAreServedFromTheCacheAndFollowACatalogChange()
    {
        await using var app = await AtlasApp.StartAsync();
        const string path = "/api/v1/search/suggest?q=zzqx";
        Assert.Equal("[]", await ItemsAsync(app, path));
        using (var cached = await app.Client.GetAsync(path))
        {
            Assert.NotNull(cached.Headers.Age);
        }

        // A new name for a condition, written by another process with its change note.
        await app.WriteAsync(async db =>
        {
            var lyme = await db.Conditions.SingleAsync(c => c.Slug == "lyme-disease");
            db.ConditionNames.Add(new PatientAtlas.Features.Catalog.ConditionName { ConditionId = lyme.Id, Text = "Zzqx fever", Kind = PatientAtlas.Features.Catalog.NameKind.Exact, Source = "test" });
        }, anotherNode: true);
        // The search names rebuilt after it, with a note of their own.
        await app.WriteAsync(async db =>
        {
            await PatientAtlas.Features.Search.SearchIndex.For(db).RebuildConditionsAsync(default);
            db.Changed.Conditions([await db.Conditions.Where(c => c.Slug == "lyme-disease").Select(c => c.Id).SingleAsync()]);
        }, anotherNode: true);
        var items = await app.ReadAfterSyncAsync(() => ItemsAsync(app, path), items => items != "[]");
        Assert.Contains("/conditions/lyme-disease", items, StringComparison.Ordinal);
    }

    private static async Task<int> ExperienceCountAsync(AtlasApp app, string path) => JsonCount(await app.Client.GetStringAsync(path));

    private static int JsonCount(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("experienceCount").GetInt32();
    }

    private static async Task<string> ItemsAsync(AtlasApp app, string path)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await app.Client.GetStringAsync(path));
        return document.RootElement.GetProperty("items").GetRawText();
    }

    private static async Task<long> CountRoundTripsAsync(AtlasApp app, string path)
    {
        var before = app.Queries.Count;
        await app.GetDocumentAsync(path);
        return app.Queries.Count - before;
    }

    [Fact]
    public async Task HelpfulOrderWalksTiesOnceAndDeepPagesStayCheap()
    {
        await using var app = await AtlasApp.StartAsync();
        await Community.AddExperiencesAsync(app, "lyme-disease", "sleep", 30);
        var seen = new List<string>();
        string? next = "/conditions/lyme-disease/sleep?sort=helpful";
        while (next is not null)
        {
            var document = await app.GetDocumentAsync(next);
            seen.AddRange(document.QuerySelectorAll("article.experience .pseudonym").Select(p => p.TextContent));
            next = document.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }
        // Helpful counts are i % 7: many ties, broken by newest id first.
        var expected = Enumerable.Range(0, 30).OrderByDescending(i => i % 7).ThenByDescending(i => i).Select(i => $"member{i}");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task WhatPeopleTriedCountsPeopleNotEntries()
    {
        await using var app = await AtlasApp.StartAsync();
        var (conditionId, questionId) = await Community.QuestionAsync(app, "lyme-disease", "diet");
        await app.WriteAsync(db =>
        {
            for (var i = 0; i < 5; i++)
            {
                db.Experiences.Add(new PatientAtlas.Features.Experiences.Experience
                {
                    QuestionId = questionId, ConditionId = conditionId, AuthorPseudonym = $"p{i}", Relation = PatientAtlas.Features.Accounts.Conditions.Relation.Affected,
                    Text = "x", Language = "en", Status = PatientAtlas.Features.Experiences.ExperienceStatus.Published, CreatedAt = DateTime.UtcNow.AddDays(-i),
                    // The first member lists the same thing twice, in two spellings.
                    Tried = i == 0
                        ? [new() { Intervention = "Less coffee", InterventionKey = "less coffee", Outcome = PatientAtlas.Features.Experiences.Outcome.Helped },
                           new() { Intervention = "less coffee ", InterventionKey = "less coffee", Outcome = PatientAtlas.Features.Experiences.Outcome.Helped }]
                        : [new() { Intervention = "Less coffee", InterventionKey = "less coffee", Outcome = i < 3 ? PatientAtlas.Features.Experiences.Outcome.Helped : PatientAtlas.Features.Experiences.Outcome.Worse }],
                });
            }
        });
        var row = (await app.GetDocumentAsync("/conditions/lyme-disease/diet")).QuerySelector("section.tried-summary li.tried-item")!;
        Assert.Equal("5 people tried it", row.QuerySelector(".tried-people")!.TextContent);
        Assert.StartsWith("60", row.QuerySelector(".outcome-helped dd")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("40", row.QuerySelector(".outcome-worse dd")!.TextContent, StringComparison.Ordinal);
    }
}
