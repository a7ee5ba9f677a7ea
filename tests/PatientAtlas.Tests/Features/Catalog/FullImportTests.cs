using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>One prepared app (starter catalog and demo content), then the full catalog imported twice, as an operator would.</summary>
public sealed class FullImportFixture : IAsyncLifetime
{
    public AtlasApp App { get; private set; } = null!;
    public VerbResult First { get; private set; } = null!;
    public VerbResult Second { get; private set; } = null!;
    public string ChecksumAfterFirst { get; private set; } = "";
    public string ChecksumAfterSecond { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // The first import ran once for every fixture that needs the full catalog; this app serves a copy of its result.
        (var database, First) = await FullCatalog.CreateAsync();
        App = await AtlasApp.StartAsync(database: database);
        ChecksumAfterFirst = await CatalogFiles.ChecksumAsync(App);
        Second = await App.RunVerbAsync(["import-conditions", .. CatalogFiles.FullImport]);
        ChecksumAfterSecond = await CatalogFiles.ChecksumAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class FullImportTests(FullImportFixture fixture) : IClassFixture<FullImportFixture>
{
    private AtlasApp App => fixture.App;

    [Fact]
    public async Task FullImportGivesOneConditionPerDiseaseFromEverySource()
    {
        Assert.True(fixture.First.ExitCode == 0, fixture.First.Error);
        Assert.Contains("new 13103, updated 57, merged 2945", fixture.First.Output, StringComparison.Ordinal);

        var (conditions, bySource) = await App.WithDbAsync(async db => (
            await db.Conditions.CountAsync(c => !c.IsObsolete),
            await db.SourceTerms.GroupBy(t => t.Source).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count)));
        Assert.Equal(13160, conditions);
        Assert.Equal(7003, bySource["DO"]);
        Assert.Equal(9079, bySource["ORDO"]);
        Assert.Equal(57, bySource["starter"]);
    }

    [Fact]
    public void SecondImportChangesNothing()
    {
        Assert.True(fixture.Second.ExitCode == 0, fixture.Second.Error);
        Assert.Contains("new 0, updated 0, merged 2945, unchanged 13160, obsolete 0", fixture.Second.Output, StringComparison.Ordinal);
        Assert.Equal(fixture.ChecksumAfterFirst, fixture.ChecksumAfterSecond);
    }

    [Theory]
    [InlineData("Lyme disease", "DOID:11729", "ORPHA:91546", "MONDO:0019632")]
    [InlineData("Celiac disease", "DOID:10608", "ORPHA:555", "MONDO:0005130")]
    public async Task DoAndOrdoTermsOfOneDiseaseAreMergedOnce(string name, string doid, string orpha, string mondo)
    {
        var key = name.ToLowerInvariant();
        var matches = await App.WithDbAsync(db => db.Conditions.Where(c => c.SortKey == key).Select(c => c.Slug).ToListAsync());
        var slug = Assert.Single(matches);
        var condition = await App.Client.GetFromJsonAsync<CatalogApi.ConditionDetail>($"/api/v1/conditions/{slug}");
        Assert.Contains(doid, condition!.Codes);
        Assert.Contains(orpha, condition.Codes);
        Assert.Contains(mondo, condition.Codes);
        Assert.Equal(1, await App.WithDbAsync(db => db.ConditionCodes.CountAsync(c => c.System == "DOID" && c.Code == doid.Substring(5))));
    }

    [Fact]
    public async Task HemifacialSpasmComesFromOrdoMergedWithTheCuratedEntry()
    {
        Assert.Equal(1, await App.WithDbAsync(db => db.Conditions.CountAsync(c => c.SortKey == "hemifacial spasm")));
        var hfs = await App.Client.GetFromJsonAsync<CatalogApi.ConditionDetail>("/api/v1/codes/ORPHA:221083");
        Assert.Equal("hemifacial-spasm", hfs!.Slug);
        Assert.Equal("Hemifacial spasm", hfs.Name);
        Assert.Equal("HFS", hfs.Abbreviations[0]);
        Assert.Contains("OMIM:141405", hfs.Codes);
        Assert.Contains("ICD10:G51.3", hfs.Codes);
        Assert.Contains("MONDO:0007713", hfs.Codes);
        Assert.Contains("ORDO", hfs.Sources);
        Assert.Contains("starter", hfs.Sources);
        var term = await App.WithDbAsync(db => db.SourceTerms.SingleAsync(t => t.Id == "ORPHA:221083"));
        Assert.Equal(await App.WithDbAsync(db => db.Conditions.Where(c => c.Slug == "hemifacial-spasm").Select(c => c.Id).SingleAsync()), term.ConditionId);
    }

    [Fact]
    public async Task ConditionPageListsCodesLinkingToTheirRegistries()
    {
        var page = await App.GetDocumentAsync("/conditions/hemifacial-spasm");
        var links = page.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("ORPHA:221083", links);
        Assert.Contains("MONDO:0007713", links);
        using var gone = await App.Client.GetAsync("/api/v1/conditions/no-such-condition-anywhere");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task TheWholeCatalogIsBrowsableWithBreadcrumbsThroughTheHierarchy()
    {
        var lyme = await App.GetDocumentAsync("/conditions/lyme-disease");
        var crumbs = lyme.QuerySelectorAll("nav.breadcrumb a").Select(a => a.TextContent).ToList();
        Assert.True(crumbs.Count >= 3, string.Join(" › ", crumbs));
        Assert.DoesNotContain("Disease", crumbs);
        Assert.Equal("Lyme disease", crumbs[^1]);
        Assert.Contains(crumbs, c => c.Contains("bacterial", StringComparison.OrdinalIgnoreCase));

        var counts = (await App.GetDocumentAsync("/conditions")).QuerySelectorAll("nav.letters small")
            .Sum(s => int.Parse(s.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(13160, counts);
    }

    [Fact]
    public async Task RootsAndGroupingsAreBrowsePagesWithoutQuestions()
    {
        foreach (var root in new[] { "disease", "syndrome", "rare-neurologic-disease" })
        {
            using var page = await App.Client.GetAsync($"/conditions/{root}");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal($"/groups/{root}", page.Headers.Location!.OriginalString);
            using var question = await App.Client.GetAsync($"/conditions/{root}/first-symptoms");
            Assert.Equal(HttpStatusCode.NotFound, question.StatusCode);
        }
        var group = await App.GetDocumentAsync("/groups/rare-neurologic-disease");
        Assert.NotEmpty(group.QuerySelectorAll("ul.condition-list a"));
        var kinds = await App.WithDbAsync(db => db.Conditions.Where(c => !c.IsObsolete).GroupBy(c => c.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.True(kinds[ConditionKind.Condition] > 10_000, string.Join(", ", kinds));
        Assert.True(kinds[ConditionKind.Grouping] > 1_000, string.Join(", ", kinds));
    }

    [Fact]
    public async Task NoTwoEntriesReadTheSameAndNamesAndDefinitionsAreClean()
    {
        var rows = await App.WithDbAsync(db => db.Conditions.Where(c => !c.IsObsolete)
            .Select(c => new { c.SortKey, c.Name, c.Definition, c.NeedsReview }).ToListAsync());
        Assert.Equal(rows.Count, rows.Select(r => r.SortKey).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(rows, r => char.IsLower(r.Name[0]) && !r.Name.Skip(1).TakeWhile(char.IsLetterOrDigit).Any(char.IsUpper));
        var shown = rows.Where(r => r.Definition is not null && !r.NeedsReview).Select(r => r.Definition!).ToList();
        Assert.DoesNotContain(shown, d => d.Contains("has_material_basis_in", StringComparison.Ordinal) || d.Contains("(see this term)", StringComparison.Ordinal)
            || d.Contains("located_in", StringComparison.Ordinal) || d.Contains("has_symptom", StringComparison.Ordinal) || d.StartsWith(',') );

        var fop = await App.GetDocumentAsync("/conditions/fibrodysplasia-ossificans-progressiva");
        Assert.StartsWith("Fibrodysplasia ossificans progressiva", fop.QuerySelector("h1")!.TextContent.Trim(), StringComparison.Ordinal);
    }
}
