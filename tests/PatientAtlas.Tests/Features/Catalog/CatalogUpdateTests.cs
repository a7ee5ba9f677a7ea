using System.Net;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>A newer release updates in place: renamed terms keep their old slug as a redirect, obsolete ones retire.</summary>
public sealed class CatalogUpdateTests
{
    private const string Release1 = """
        format-version: 1.2

        [Term]
        id: DOID:9990001
        name: zebra fever
        def: "A fever invented for this test, with stripes." []
        synonym: "ZF" EXACT OMO:0003012 []

        [Term]
        id: DOID:9990002
        name: quagga syndrome
        is_a: DOID:9990001 ! zebra fever

        [Term]
        id: DOID:9990003
        name: okapi disease

        """;

    private const string Release2 = """
        format-version: 1.2

        [Term]
        id: DOID:9990001
        name: striped zebra fever
        def: "A fever invented for this test, with stripes." []
        synonym: "ZF" EXACT OMO:0003012 []

        [Term]
        id: DOID:9990002
        name: quagga syndrome
        is_obsolete: true
        replaced_by: DOID:9990001

        [Term]
        id: DOID:9990003
        name: okapi disease
        is_obsolete: true

        """;

    [Fact]
    public async Task RenamedAndObsoleteTermsRedirectOrAreGone()
    {
        await using var app = await AtlasApp.StartAsync();
        var first = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("release1.obo", Release1));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("new 3,", first.Output, StringComparison.Ordinal);

        var second = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("release2.obo", Release2));
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("updated 1,", second.Output, StringComparison.Ordinal);
        Assert.Contains("obsolete 2,", second.Output, StringComparison.Ordinal);

        using var renamed = await app.Client.GetAsync("/conditions/zebra-fever");
        Assert.Equal(HttpStatusCode.MovedPermanently, renamed.StatusCode);
        Assert.Equal("/conditions/striped-zebra-fever", renamed.Headers.Location!.OriginalString);

        using var replaced = await app.Client.GetAsync("/conditions/quagga-syndrome");
        Assert.Equal(HttpStatusCode.MovedPermanently, replaced.StatusCode);
        Assert.Equal("/conditions/striped-zebra-fever", replaced.Headers.Location!.OriginalString);

        using var gone = await app.Client.GetAsync("/conditions/okapi-disease");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);

        using var api = await app.Client.GetAsync("/api/v1/conditions/zebra-fever");
        Assert.Equal(HttpStatusCode.MovedPermanently, api.StatusCode);
        using var apiGone = await app.Client.GetAsync("/api/v1/conditions/okapi-disease");
        Assert.Equal(HttpStatusCode.Gone, apiGone.StatusCode);
        Assert.Equal("application/problem+json", apiGone.Content.Headers.ContentType?.MediaType);

        var again = await app.RunVerbAsync("import-conditions", CatalogFiles.Write("release2.obo", Release2));
        Assert.Contains("new 0, updated 0,", again.Output, StringComparison.Ordinal);
        Assert.Contains("obsolete 0,", again.Output, StringComparison.Ordinal);
    }
}
