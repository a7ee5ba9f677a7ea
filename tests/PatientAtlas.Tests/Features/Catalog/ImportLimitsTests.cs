using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>
/// An import reads at most what it is allowed to: a capped source, capped fields, and no text that can
/// reorder the page. A refused source is one line naming it and leaves the database as it was.
/// </summary>
public sealed class ImportLimitsTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    [Fact]
    public async Task GzipBombOverTheCapFailsAndChangesNothing()
    {
        var app = fixture.App;
        var before = await CatalogFiles.ChecksumAsync(app);
        // 64 MB of OBO comment lines, about 100 KB gzipped: far over a 1 MB cap once decompressed.
        var bomb = CatalogFiles.Write("bomb.obo.gz", Gzip("format-version: 1.2\n", "! padding\n", 64 << 20));

        var result = await app.RunVerbAsync("import-conditions", "--max-source-megabytes", "1", bomb);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bomb.obo.gz: more than 1 MB (Import:MaxSourceMegabytes) after decompression", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal(before, await CatalogFiles.ChecksumAsync(app));
    }

    [Fact]
    public async Task SourceOverTheCapFailsBeforeItIsRead()
    {
        var app = fixture.App;
        var before = await CatalogFiles.ChecksumAsync(app);
        var large = CatalogFiles.Write("large.obo", "format-version: 1.2\n" + string.Concat(Enumerable.Repeat("! padding\n", 300_000)));

        var result = await app.RunVerbAsync("import-conditions", "--max-source-megabytes", "1", large);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("large.obo: larger than 1 MB (Import:MaxSourceMegabytes)", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CatalogFiles.ChecksumAsync(app));
    }

    public static TheoryData<string, string, string> OverLongFields => new()
    {
        { "long-name.obo", Term(name: new string('n', 600)), "long-name.obo:5: name longer than 500 characters" },
        { "long-definition.obo", Term(definition: Words(20_000)), "long-definition.obo:6: definition longer than 10,000 characters" },
        { "huge-definition.obo", Term(definition: Words(5_000_000)), "huge-definition.obo:6: a 'def' line longer than 100,000 characters" },
        { "long-id.obo", "format-version: 1.2\n\n[Term]\nid: DOID:" + new string('1', 200) + "\nname: long id disease\n", "long-id.obo:4: id longer than 100 characters" },
    };

    [Theory]
    [MemberData(nameof(OverLongFields))]
    public async Task OverLongFieldFailsNamingFileAndLineAndIsNeverStored(string file, string content, string message)
    {
        var app = fixture.App;
        var before = await CatalogFiles.ChecksumAsync(app);

        var result = await app.RunVerbAsync("import-conditions", CatalogFiles.Write(file, content));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal(before, await CatalogFiles.ChecksumAsync(app));
    }

    [Fact]
    public async Task OverLongSynonymIsSkippedWithAWarning()
    {
        var app = fixture.App;
        var content = Term(id: "DOID:9990311", name: "long synonym test disease") + "synonym: \"" + Words(5_000) + "\" EXACT []\nsynonym: \"short synonym test\" EXACT []\n";

        var result = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("long-synonym.obo", content));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("warning: long-synonym.obo:6: synonym longer than 1,000 characters skipped", result.Error, StringComparison.Ordinal);
        var names = await app.WithDbAsync(db => db.ConditionNames.Where(n => db.Conditions.Any(c => c.Id == n.ConditionId && c.Name == "Long synonym test disease")).Select(n => n.Text).ToListAsync());
        Assert.Equal(["short synonym test"], names);
    }

    [Fact]
    public async Task BidiControlsInImportedTextNeverReachThePage()
    {
        var app = fixture.App;
        var content = "format-version: 1.2\n\n[Term]\nid: DOID:9990312\nname: \u202Ebidi\u202C test disease\n"
            + "def: \"A test disease whose \u2067definition\u2069 holds isolates\u200F and marks.\" []\n"
            + "synonym: \"\u202Dbidi synonym\u202C\" EXACT []\n";

        var result = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("bidi.obo", content));
        Assert.True(result.ExitCode == 0, result.Error);

        using var page = await app.Client.GetAsync("/conditions/bidi-test-disease");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Bidi test disease", html, StringComparison.Ordinal);
        Assert.Contains("whose definition holds isolates and marks.", html, StringComparison.Ordinal);
        Assert.Contains("bidi synonym", html, StringComparison.Ordinal);
        foreach (var control in "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C")
        {
            Assert.DoesNotContain(control.ToString(), html, StringComparison.Ordinal);
            Assert.DoesNotContain($"&#x{(int)control:X};", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    internal static string Term(string id = "DOID:9990310", string name = "capped field test disease", string? definition = null) =>
        $"format-version: 1.2\n\n[Term]\nid: {id}\nname: {name}\n" + (definition is null ? "" : $"def: \"{definition}\" []\n");

    private static string Words(int length)
    {
        var text = new StringBuilder(length + 10);
        while (text.Length < length)
        {
            text.Append("lorem ipsum ");
        }
        return text.ToString(0, length).Trim();
    }

    private static byte[] Gzip(string head, string line, long length)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(head));
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 65536 / line.Length)));
            for (long written = 0; written < length; written += chunk.Length)
            {
                gzip.Write(chunk);
            }
        }
        return output.ToArray();
    }
}
