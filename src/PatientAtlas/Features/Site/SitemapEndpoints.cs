using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

/// <summary>robots.txt and a sitemap index whose chunks hold at most 50,000 URLs each.</summary>
public static class SitemapEndpoints
{
    public const int UrlsPerChunk = 50_000;

    /// <summary>Each condition and question is listed once per language.</summary>
    private static int ItemsPerChunk => UrlsPerChunk / Languages.Supported.Length;

    public static IResult Robots(HttpContext context) => Results.Text(
        $"User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /search\nDisallow: /es/search\n\nSitemap: {PublicOrigin.Of(context)}/sitemap.xml\n",
        "text/plain", Encoding.UTF8);

    public static async Task<IResult> Index(HttpContext context, AtlasDb db, CancellationToken cancellationToken)
    {
        var conditions = await IndexableEntries(db).CountAsync(cancellationToken);
        var questions = await IndexableQuestions(db).CountAsync(cancellationToken);
        var baseUrl = PublicOrigin.Of(context);
        return Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", "http://www.sitemaps.org/schemas/sitemap/0.9");
            for (var i = 0; i < Math.Max(1, Chunks(conditions)); i++)
            {
                WriteSitemap(writer, $"{baseUrl}/sitemaps/conditions-{i + 1}.xml");
            }
            for (var i = 0; i < Chunks(questions); i++)
            {
                WriteSitemap(writer, $"{baseUrl}/sitemaps/questions-{i + 1}.xml");
            }
            writer.WriteEndElement();
        });
    }

    public static async Task<IResult> Conditions(int chunk, HttpContext context, AtlasDb db, CancellationToken cancellationToken)
    {
        if (chunk < 1 || chunk > 10_000)
        {
            return Results.NotFound();
        }
        var entries = await IndexableEntries(db)
            .OrderBy(c => c.Id)
            .Skip((chunk - 1) * ItemsPerChunk)
            .Take(ItemsPerChunk)
            .Select(c => new { c.Slug, c.Kind })
            .ToListAsync(cancellationToken);
        return entries.Count == 0 && chunk > 1 ? Results.NotFound() : UrlSet(context, entries.Select(e => CatalogPaths.Of(e.Slug, e.Kind)));
    }

    public static async Task<IResult> Questions(int chunk, HttpContext context, AtlasDb db, CancellationToken cancellationToken)
    {
        if (chunk < 1 || chunk > 10_000)
        {
            return Results.NotFound();
        }
        var paths = await IndexableQuestions(db)
            .OrderBy(q => q.Id)
            .Skip((chunk - 1) * ItemsPerChunk)
            .Take(ItemsPerChunk)
            .Select(q => new { Condition = db.Conditions.Where(c => c.Id == q.ConditionId).Select(c => c.Slug).First(), q.Slug })
            .ToListAsync(cancellationToken);
        return paths.Count == 0 ? Results.NotFound() : UrlSet(context, paths.Select(p => $"/conditions/{p.Condition}/{p.Slug}"));
    }

    /// <summary>
    /// Catalog pages worth indexing: every grouping's browse page, and a condition's page once it has something to read:
    /// a readable definition, a published summary or a published experience (<see cref="ConditionPageModel.Indexable"/>).
    /// </summary>
    private static IQueryable<Condition> IndexableEntries(AtlasDb db) =>
        db.Conditions.AsNoTracking().Where(c => !c.IsObsolete && (
            c.Kind != ConditionKind.Condition
            || c.Definition != null && !c.NeedsReview
            || db.Questions.Any(q => q.ConditionId == c.Id && (q.HasPublishedSummary || q.ExperienceCount > 0))));

    /// <summary>A question page is worth indexing once it has a published summary or a published experience.</summary>
    private static IQueryable<Question> IndexableQuestions(AtlasDb db) =>
        db.Questions.AsNoTracking().Where(q => db.Conditions.Any(c => c.Id == q.ConditionId && !c.IsObsolete) && (
            q.HasPublishedSummary
            || q.ExperienceCount > 0));

    private static int Chunks(int items) => (items + ItemsPerChunk - 1) / ItemsPerChunk;

    private static IResult UrlSet(HttpContext context, IEnumerable<string> paths)
    {
        var baseUrl = PublicOrigin.Of(context);
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            writer.WriteAttributeString("xmlns", "xhtml", null, "http://www.w3.org/1999/xhtml");
            foreach (var path in paths)
            {
                foreach (var language in Languages.Supported)
                {
                    writer.WriteStartElement("url");
                    writer.WriteElementString("loc", baseUrl + Languages.In(language, path));
                    foreach (var alternate in Languages.Supported)
                    {
                        writer.WriteStartElement("xhtml", "link", "http://www.w3.org/1999/xhtml");
                        writer.WriteAttributeString("rel", "alternate");
                        writer.WriteAttributeString("hreflang", alternate);
                        writer.WriteAttributeString("href", baseUrl + Languages.In(alternate, path));
                        writer.WriteEndElement();
                    }
                    writer.WriteEndElement();
                }
            }
            writer.WriteEndElement();
        });
    }

    private static void WriteSitemap(XmlWriter writer, string url)
    {
        writer.WriteStartElement("sitemap");
        writer.WriteElementString("loc", url);
        writer.WriteEndElement();
    }

    private static IResult Xml(Action<XmlWriter> write)
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            write(writer);
        }
        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/xml", Encoding.UTF8);
    }
}
