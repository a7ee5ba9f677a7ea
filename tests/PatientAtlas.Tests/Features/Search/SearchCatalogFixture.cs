using PatientAtlas.Tests.Features.Catalog;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>
/// One app prepared as the README's run command prepares it (starter catalog and demo content), then the full
/// catalog imported once by the real verb: shared by every search test class, the import takes a while.
/// </summary>
public sealed class SearchCatalogFixture : IAsyncLifetime
{
    public AtlasApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Hundreds of searches from one address: the per-client search limit is lifted, as the benchmark lifts it.
        // The full catalog as imported once for every fixture that needs it (FullCatalog).
        var (database, import) = await FullCatalog.CreateAsync();
        App = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:SearchRequestsPerMinute"] = "1000000" }, database: database);
        Assert.True(import.ExitCode == 0, import.Error);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SearchCatalogCollection : ICollectionFixture<SearchCatalogFixture>
{
    public const string Name = "Search over the full catalog";
}
