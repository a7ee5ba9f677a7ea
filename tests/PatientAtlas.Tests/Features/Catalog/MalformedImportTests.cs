using System.IO.Compression;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>A bad source stops the whole import with one line naming it, and leaves the database exactly as it was.</summary>
public sealed class MalformedImportTests(SeededApp fixture) : IClassFixture<SeededApp>
{
    private const string Valid = """
        format-version: 1.2

        [Term]
        id: DOID:9990101
        name: valid test disease

        """;

    public static TheoryData<string, string> Cases => new()
    {
        { "truncated", "DO_rare_slim.obo:" },
        { "stanza-without-id", "no-id.obo:3: [Term] stanza without id" },
        { "broken-json", "broken.json:" },
        { "tsv-columns", "bad.sssom.tsv:4: 3 columns, the header has 6" },
        { "unknown-format", "notes.txt: unknown format" },
        { "unreachable-url", "cannot download http://127.0.0.1:1/doid.obo" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedSourceChangesNothing(string kind, string message)
    {
        var app = fixture.App;
        var before = await CatalogFiles.ChecksumAsync(app);
        var result = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("valid.obo", Valid), Source(kind));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal(before, await CatalogFiles.ChecksumAsync(app));
    }

    private static string Source(string kind) => kind switch
    {
        "truncated" => CatalogFiles.Write("DO_rare_slim.obo", File.ReadAllBytes(CatalogFiles.Data("doid/DO_rare_slim.obo"))[..1_000_123]),
        "stanza-without-id" => CatalogFiles.Write("no-id.obo", "format-version: 1.2\n\n[Term]\n[Term]\nname: a term without id\n"),
        "broken-json" => CatalogFiles.Write("broken.json", Gzip("""{ "graphs": [ { "nodes": [ { "id": "http://purl.obolibrary.org/obo/DOID_4", "lbl": "disease" """)),
        "tsv-columns" => CatalogFiles.Write("bad.sssom.tsv",
            "# license: CC0\nsubject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\n" +
            "MONDO:0000001\tdisease\tskos:exactMatch\tDOID:4\tdisease\tsemapv:ManualMappingCuration\nMONDO:0000004\tadrenocortical insufficiency\tskos:exactMatch\n"),
        "unknown-format" => CatalogFiles.Write("notes.txt", "just some notes\n"),
        "unreachable-url" => "http://127.0.0.1:1/doid.obo",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }
}
