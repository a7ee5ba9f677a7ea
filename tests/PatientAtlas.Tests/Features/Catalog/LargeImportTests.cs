using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>
/// Tens of thousands of small stanzas import completely and say how far they are while they run.
/// A correctness test: how long it takes is measured by hand and reported, never asserted.
/// </summary>
public sealed class LargeImportTests
{
    private const int Stanzas = 60_000;

    [Fact]
    public async Task ManySmallStanzasImportWithProgress()
    {
        await using var app = await AtlasApp.StartAsync();
        var before = await app.WithDbAsync(db => db.Conditions.CountAsync());

        var result = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("many.obo", Generate(Stanzas)));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("reading: 25,000 terms", result.Output, StringComparison.Ordinal);
        Assert.Contains("reading: 50,000 terms", result.Output, StringComparison.Ordinal);
        Assert.Contains("merging", result.Output, StringComparison.Ordinal);
        Assert.Contains("writing: 50,000 of 60,000 new conditions", result.Output, StringComparison.Ordinal);
        Assert.Contains("new 60000, updated 0,", result.Output, StringComparison.Ordinal);

        var (conditions, parents, last) = await app.WithDbAsync(async db => (
            await db.Conditions.CountAsync(),
            await db.ConditionParents.CountAsync(p => db.SourceTerms.Any(t => t.ConditionId == p.ChildId && t.Id.StartsWith("DOID:91"))),
            await db.Conditions.Where(c => c.Slug == "generated-disease-60000").Select(c => c.Name).SingleOrDefaultAsync()));
        Assert.Equal(before + Stanzas, conditions);
        Assert.Equal(Stanzas - 1, parents);
        Assert.Equal("Generated disease 60000", last);
    }

    /// <summary>Stanzas like the probe's: an id, a name, every third a synonym, each a parent among those before it.</summary>
    private static string Generate(int count)
    {
        var random = new Random(1);
        var text = new StringBuilder("format-version: 1.2\nontology: doid\n\n");
        for (var i = 1; i <= count; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"[Term]\nid: DOID:{91_000_000 + i}\nname: generated disease {i}\n");
            if (i % 3 == 0)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"synonym: \"gen dis {i}\" EXACT []\n");
            }
            if (i > 1)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"is_a: DOID:{91_000_000 + random.Next(1, i)}\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
