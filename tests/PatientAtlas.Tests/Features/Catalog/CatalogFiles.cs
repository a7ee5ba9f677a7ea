using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>The real ontology files in ../shared/data (never copied into the repository) and small hand-written ones.</summary>
public static class CatalogFiles
{
    public static string DataDirectory { get; } = Locate();

    public static string Data(string relative) => Path.Combine(DataDirectory, relative);

    /// <summary>DO's rare and NCIt subsets, ORDO, and every MONDO exact-match table: the full catalog.</summary>
    public static string[] FullImport =>
    [
        Data("doid/DO_rare_slim.obo"),
        Data("doid/NCIthesaurus.obo"),
        Data("ordo/ordo-2_6-2018-07-12.json.gz"),
        .. Directory.GetFiles(Data("mondo"), "mondo_exactmatch_*.sssom.tsv").Order(StringComparer.Ordinal),
    ];

    /// <summary>Writes a file into a temp folder of its own and returns its path.</summary>
    public static string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    public static string Write(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("atlas-import-").FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A hash over every catalog table, to prove that a failed import changed nothing.</summary>
    public static Task<string> ChecksumAsync(AtlasApp app) => app.WithDbAsync(async db =>
    {
        var text = new StringBuilder();
        foreach (var c in await db.Conditions.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Slug, c.Name, c.Definition, c.NameSource, c.Kind, c.SourceName, c.NeedsReview, c.IsObsolete, c.ReplacedById, c.UpdatedAt }).ToListAsync())
        {
            text.AppendLine(c.ToString());
        }
        foreach (var n in await db.ConditionNames.AsNoTracking().OrderBy(n => n.Id).Select(n => new { n.Id, n.ConditionId, n.Text, n.Kind, n.Source, n.Language }).ToListAsync())
        {
            text.AppendLine(n.ToString());
        }
        foreach (var c in await db.ConditionCodes.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.ConditionId, c.System, c.Code, c.Source }).ToListAsync())
        {
            text.AppendLine(c.ToString());
        }
        foreach (var p in await db.ConditionParents.AsNoTracking().OrderBy(p => p.ChildId).ThenBy(p => p.ParentId).Select(p => new { p.ChildId, p.ParentId }).ToListAsync())
        {
            text.AppendLine(p.ToString());
        }
        foreach (var r in await db.SlugRedirects.AsNoTracking().OrderBy(r => r.Slug).Select(r => new { r.Slug, r.ConditionId }).ToListAsync())
        {
            text.AppendLine(r.ToString());
        }
        foreach (var t in await db.SourceTerms.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.ConditionId, t.IsObsolete, t.ReplacedBy }).ToListAsync())
        {
            text.AppendLine(t.ToString());
        }
        text.AppendLine(await db.ContentChanges.CountAsync() + " changes");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    });

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "data")))
            {
                return Path.Combine(dir.FullName, "shared", "data");
            }
        }
        throw new InvalidOperationException("shared/data not found above " + AppContext.BaseDirectory);
    }
}
