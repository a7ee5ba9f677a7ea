using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Site;
using PatientAtlas.Platform;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Site;

public sealed class SitemapChunkTests
{
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>25,000 conditions: with the starter catalog, more than one chunk's worth in two languages.</summary>
    private const int Added = 25_000;

    private const string SqliteInsert = """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
        INSERT INTO "Conditions" ("Slug", "Name", "SortKey", "Letter", "NameSource", "Definition", "IsObsolete", "IsFeatured", "CreatedAt", "UpdatedAt", "Kind", "NeedsReview")
        SELECT 'sitemap-test-' || printf('%05d', i), 'Sitemap test ' || printf('%05d', i), 'sitemap test ' || printf('%05d', i),
               's', 'test', 'A condition made up for this test, defined so that it is worth indexing.', 0, 0, '2025-01-01 00:00:00', '2025-01-01 00:00:00', 0, 0
        FROM n
        """;

    private const string PostgresInsert = """
        INSERT INTO "Conditions" ("Slug", "Name", "SortKey", "Letter", "NameSource", "Definition", "IsObsolete", "IsFeatured", "CreatedAt", "UpdatedAt", "Kind", "NeedsReview")
        SELECT 'sitemap-test-' || lpad(i::text, 5, '0'), 'Sitemap test ' || lpad(i::text, 5, '0'), 'sitemap test ' || lpad(i::text, 5, '0'),
               's', 'test', 'A condition made up for this test, defined so that it is worth indexing.', false, false, TIMESTAMPTZ '2025-01-01 00:00:00+00', TIMESTAMPTZ '2025-01-01 00:00:00+00', 0, false
        FROM generate_series(1, 25000) AS i
        """;

    [Fact]
    public async Task PastFiftyThousandUrlsEveryConditionIsListedOnceInChunksOfAtMostFiftyThousand()
    {
        await using var app = await AtlasApp.StartAsync();
        var slugs = await app.WithDbAsync(async db =>
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                Assert.Equal(Added, await db.Database.ExecuteSqlRawAsync(TestDatabase.IsPostgres ? PostgresInsert : SqliteInsert));
                await transaction.CommitAsync();
            }
            // Every starter condition has a definition, so every condition here is worth indexing.
            return await db.Conditions.Where(c => !c.IsObsolete && c.Definition != null).Select(c => c.Slug).ToListAsync();
        });
        var expectedUrls = slugs.SelectMany(slug => Languages.Supported.Select(language => new Uri(app.Address, Languages.In(language, $"/conditions/{slug}")).ToString())).ToList();
        var expectedChunks = (expectedUrls.Count + SitemapEndpoints.UrlsPerChunk - 1) / SitemapEndpoints.UrlsPerChunk;
        Assert.True(expectedChunks >= 2, $"{expectedUrls.Count} URLs fit in one chunk: the test crosses no boundary");

        var index = XDocument.Parse(await app.Client.GetStringAsync("/sitemap.xml"));
        var chunks = index.Root!.Elements(Sm + "sitemap").Select(e => new Uri(e.Element(Sm + "loc")!.Value).AbsolutePath)
            .Where(path => path.StartsWith("/sitemaps/conditions-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, expectedChunks).Select(i => $"/sitemaps/conditions-{i}.xml"), chunks);

        var listed = new List<string>();
        foreach (var chunk in chunks)
        {
            var urls = XDocument.Parse(await app.Client.GetStringAsync(chunk)).Root!.Elements(Sm + "url").Select(e => e.Element(Sm + "loc")!.Value).ToList();
            Assert.True(urls.Count is > 0 and <= SitemapEndpoints.UrlsPerChunk, $"{chunk} lists {urls.Count} URLs");
            listed.AddRange(urls);
        }
        using (var beyond = await app.Client.GetAsync($"/sitemaps/conditions-{expectedChunks + 1}.xml"))
        {
            Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        }

        var twice = listed.GroupBy(u => u, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(twice.Count == 0, $"listed more than once: {string.Join(", ", twice)}");
        var missing = expectedUrls.Except(listed, StringComparer.Ordinal).Take(5).ToList();
        Assert.True(missing.Count == 0, $"not listed: {string.Join(", ", missing)}");
        Assert.Equal(expectedUrls.Count, listed.Count);
    }
}
