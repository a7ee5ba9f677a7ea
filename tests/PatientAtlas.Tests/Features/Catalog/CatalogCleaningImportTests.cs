using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>
/// Small hand-written releases through the import verb and the site: groupings and roots, one page per name
/// (merged unless codes contradict, told apart otherwise), names in sentence case, readable definitions.
/// </summary>
public sealed class CatalogCleaningImportTests
{
    private const string Do = """
        format-version: 1.2

        [Term]
        id: DOID:4
        name: disease
        def: "A disease is a disposition (i) to undergo pathological processes." []

        [Term]
        id: DOID:9980001
        name: syndrome
        is_a: DOID:4 ! disease

        [Term]
        id: DOID:9980002
        name: walrus fever
        def: "A viral infectious disease that results_in infection located_in joint, has_material_basis_in Walrus virus. The infection has_symptom fever, and has_symptom rash." []
        is_a: DOID:9980001 ! syndrome
        xref: MIM:999001

        [Term]
        id: DOID:9980003
        name: narwhal syndrome
        def: ", a fragment that no rule can read as a sentence." []
        is_a: DOID:9980001 ! syndrome

        """;

    private static string Ordo(string walrusName) => $$$"""
        {"graphs": [{"nodes": [
          {"id": "http://www.orpha.net/ORDO/Orphanet_9980010", "type": "CLASS", "lbl": "{{{walrusName}}}",
           "meta": {"subsets": ["http://www.orpha.net/ORDO/Orphanet_#ordo_disease"], "xrefs": [{"val": "OMIM:999001"}]}},
          {"id": "http://www.orpha.net/ORDO/Orphanet_9980020", "type": "CLASS", "lbl": "Beluga anemia",
           "meta": {"subsets": ["http://www.orpha.net/ORDO/Orphanet_#ordo_disease"]}},
          {"id": "http://www.orpha.net/ORDO/Orphanet_9980021", "type": "CLASS", "lbl": "Beluga anemia",
           "meta": {"subsets": ["http://www.orpha.net/ORDO/Orphanet_#ordo_group_of_disorders"]}},
          {"id": "http://www.orpha.net/ORDO/Orphanet_9980030", "type": "CLASS", "lbl": "Rare marine disease",
           "meta": {"subsets": ["http://www.orpha.net/ORDO/Orphanet_#ordo_group_of_disorders"]}}
        ], "edges": [
          {"sub": "http://www.orpha.net/ORDO/Orphanet_9980021", "pred": "is_a", "obj": "http://www.orpha.net/ORDO/Orphanet_9980030"},
          {"sub": "http://www.orpha.net/ORDO/Orphanet_9980020", "pred": "is_a", "obj": "http://www.orpha.net/ORDO/Orphanet_9980021"}
        ]}]}
        """;

    [Fact]
    public async Task ImportedCatalogIsCleanedNamedAndSortedIntoConditionsAndGroupings()
    {
        await using var app = await AtlasApp.StartAsync();
        var doFile = CatalogFiles.Write("do.obo", Do);
        var first = await app.RunVerbAsync("import-conditions", doFile, CatalogFiles.Write("ordo.json", Ordo("Walrus fever, adult form")));
        Assert.True(first.ExitCode == 0, first.Error);

        // Roots and DO's upper classes are groupings: a browse page, no questions, out of breadcrumbs.
        using (var disease = await app.Client.GetAsync("/conditions/disease"))
        {
            Assert.Equal(HttpStatusCode.Redirect, disease.StatusCode);
            Assert.Equal("/groups/disease", disease.Headers.Location!.OriginalString);
        }
        using (var question = await app.Client.GetAsync("/conditions/disease/symptoms"))
        {
            Assert.Equal(HttpStatusCode.NotFound, question.StatusCode);
        }
        var group = await app.GetDocumentAsync("/groups/syndrome");
        Assert.Contains(group.QuerySelectorAll("ul.condition-list a"), a => a.TextContent == "Walrus fever");
        Assert.DoesNotContain(group.QuerySelectorAll("nav.breadcrumb a"), a => a.TextContent == "Disease");

        // Names in sentence case, definitions in plain words; the breadcrumb starts below the root.
        var walrus = await app.GetDocumentAsync("/conditions/walrus-fever");
        Assert.Equal("Walrus fever", walrus.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(
            "A viral infectious disease that results in infection located in joint, caused by Walrus virus. The infection causes symptoms such as fever, and rash.",
            walrus.QuerySelector("p.definition")!.TextContent.Trim());
        var crumbs = walrus.QuerySelectorAll("nav.breadcrumb a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Conditions A–Z", "Syndrome", "Walrus fever"], crumbs);
        Assert.Null(walrus.QuerySelector("meta[name=robots]"));

        // A definition no rule can read is kept for review, not shown; the page is then noindex and out of the sitemap.
        var narwhal = await app.GetDocumentAsync("/conditions/narwhal-syndrome");
        Assert.Contains("missing", narwhal.QuerySelector("p.definition")!.ClassName, StringComparison.Ordinal);
        Assert.Equal("noindex", narwhal.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        var kept = await app.WithDbAsync(db => db.Conditions.SingleAsync(c => c.Slug == "narwhal-syndrome"));
        Assert.True(kept.NeedsReview);
        Assert.StartsWith(", a fragment", kept.Definition, StringComparison.Ordinal);
        var sitemap = await app.Client.GetStringAsync("/sitemaps/conditions-1.xml");
        Assert.Contains("/conditions/walrus-fever<", sitemap, StringComparison.Ordinal);
        Assert.Contains("/groups/disease<", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain("/conditions/narwhal-syndrome<", sitemap, StringComparison.Ordinal);

        // Same name with contradicting codes: both kept, told apart in the A–Z.
        var az = (await app.GetDocumentAsync("/conditions?letter=b")).QuerySelectorAll("ul.condition-list a").Select(a => a.TextContent).ToList();
        Assert.Contains("Beluga anemia", az);
        Assert.Contains("Beluga anemia (Orphanet group)", az);
        var all = await app.WithDbAsync(db => db.Conditions.Where(c => !c.IsObsolete).Select(c => c.SortKey).ToListAsync());
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());

        // A later release names the Orphanet entry like DO's, and no code contradicts: one page, the old slug redirects.
        Assert.Equal(1, await app.WithDbAsync(db => db.Conditions.CountAsync(c => c.Slug == "walrus-fever-adult-form")));
        var second = await app.RunVerbAsync("import-conditions", doFile, CatalogFiles.Write("ordo.json", Ordo("walrus FEVER")));
        Assert.True(second.ExitCode == 0, second.Error);
        using (var moved = await app.Client.GetAsync("/conditions/walrus-fever-adult-form"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
            Assert.Equal("/conditions/walrus-fever", moved.Headers.Location!.OriginalString);
        }
        var codes = await app.WithDbAsync(db => db.ConditionCodes.Where(c => (c.Code == "9980010" || c.Code == "9980002") && db.Conditions.Any(x => x.Id == c.ConditionId && !x.IsObsolete)).Select(c => c.ConditionId).Distinct().ToListAsync());
        Assert.Single(codes);
    }
}
