using PatientAtlas.Features.Catalog;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

public sealed class AtoZTests
{
    [Fact]
    public async Task LettersShowTheirCountsAndAListIsPagedByAHundred()
    {
        await using var app = await AtlasApp.StartAsync();
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.Conditions.AddRange(Enumerable.Range(1, 150).Select(i => new Condition
            {
                Name = $"Zeta test condition {i:000}", Slug = $"zeta-test-condition-{i:000}", SortKey = $"zeta test condition {i:000}",
                Letter = "z", NameSource = "test", CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        });

        var first = await app.GetDocumentAsync("/conditions?letter=z");
        var zLink = first.QuerySelector("nav.letters a[aria-current=page]")!;
        Assert.Contains("150", zLink.TextContent, StringComparison.Ordinal);
        Assert.Equal(100, first.QuerySelectorAll("ul.condition-list li").Length);
        Assert.Equal("/conditions?letter=z&page=2", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var second = await app.GetDocumentAsync("/conditions?letter=z&page=2");
        var names = second.QuerySelectorAll("ul.condition-list li a").Select(a => a.TextContent).ToList();
        Assert.Equal(50, names.Count);
        Assert.Equal("Zeta test condition 101", names[0]);
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Equal("/conditions?letter=z", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));

        var spanish = await app.GetDocumentAsync("/es/conditions?letter=z&page=2");
        Assert.Equal("/es/conditions?letter=z", spanish.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task TheIndexListsTheStarterCatalogUnderItsLetters()
    {
        await using var app = await AtlasApp.StartAsync();
        var h = await app.GetDocumentAsync("/conditions?letter=H");
        var links = h.QuerySelectorAll("ul.condition-list li a").ToList();
        var hfs = links.Single(a => a.TextContent == "Hemifacial spasm");
        Assert.Equal("/conditions/hemifacial-spasm", hfs.GetAttribute("href"));
        Assert.Contains("(HFS)", hfs.ParentElement!.TextContent, StringComparison.Ordinal);
        var starter = await StarterCatalog.ReadAsync(CancellationToken.None);
        var total = h.QuerySelectorAll("nav.letters small").Sum(s => int.Parse(s.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(starter.Count, total);
        Assert.True(starter.Count >= 40);
    }
}
