using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>The index follows every write: the starter catalog, demo content seeded and removed, and the reindex verb.</summary>
public sealed class SearchIndexTests
{
    [Fact]
    public async Task TheIndexFollowsDemoContentAndTheReindexVerbRebuildsIt()
    {
        await using var app = await AtlasApp.StartAsync();
        Assert.True(await app.WithDbAsync(db => db.SearchNames.AnyAsync()));
        Assert.Equal(2, await ExperienceCountAsync(app, "hfs diet"));

        var removed = await app.RunVerbAsync("remove-demo");
        Assert.True(removed.ExitCode == 0, removed.Error);
        Assert.Equal(0, await app.WithDbAsync(db => db.SearchDocuments.CountAsync()));

        var seeded = await app.RunVerbAsync("seed-demo");
        Assert.True(seeded.ExitCode == 0, seeded.Error);
        var documents = await app.WithDbAsync(db => db.SearchDocuments.CountAsync());
        Assert.True(documents > 2);

        await app.WithDbAsync(db => db.SearchNames.ExecuteDeleteAsync());
        var reindex = await app.RunVerbAsync("reindex");
        Assert.True(reindex.ExitCode == 0, reindex.Error);
        Assert.Contains("search index rebuilt", reindex.Output, StringComparison.Ordinal);
        Assert.Equal(documents, await app.WithDbAsync(db => db.SearchDocuments.CountAsync()));
        var document = await app.GetDocumentAsync("/search?q=HFS&v=after-reindex");
        Assert.Equal("/conditions/hemifacial-spasm", SearchCasesTests.TopLinks(document, "conditions", 1).Single());
    }

    [Fact]
    public async Task WhileDocumentsAreRebuiltSearchStillFindsConditions()
    {
        await using var app = await AtlasApp.StartAsync();
        // The state a full rebuild passes through: on SQLite the full-text table is set aside, on both the
        // documents are gone until the rebuild writes them again.
        await app.WithDbAsync(async db =>
        {
            if (!TestDatabase.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER search_docs_ad; DROP TABLE search_docs_fts;");
            }
            await db.SearchDocuments.ExecuteDeleteAsync();
        });
        var during = await app.GetDocumentAsync("/search?q=hfs%20diet&v=during");
        Assert.Equal("/conditions/hemifacial-spasm", SearchCasesTests.TopLinks(during, "conditions", 1).Single());
        Assert.Equal(0, await ExperienceCountAsync(app, "hfs diet&v=during"));

        var reindex = await app.RunVerbAsync("reindex");
        Assert.True(reindex.ExitCode == 0, reindex.Error);
        // The verb runs in another process: the site's cached results go at its next poll of the change notes.
        Assert.Equal(2, await app.ReadAfterSyncAsync(() => ExperienceCountAsync(app, "hfs diet&v=during"), count => count != 0));
    }

    [Fact]
    public async Task HelpListsTheReindexVerb()
    {
        await using var database = await TestDatabase.CreateAsync();
        var help = await Verb.RunAsync(database, "--help");
        Assert.Contains("reindex", help.Output, StringComparison.Ordinal);
    }

    private static async Task<int> ExperienceCountAsync(AtlasApp app, string query)
    {
        var at = query.IndexOf('&', StringComparison.Ordinal);
        var (words, suffix) = at >= 0 ? (query[..at], query[at..]) : (query, "");
        var document = await app.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(words) + "&type=experiences" + suffix);
        return document.QuerySelectorAll("section#experiences ol.search-results > li").Length;
    }
}
