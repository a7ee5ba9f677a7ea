using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>
/// The full catalog (<see cref="CatalogFiles.FullImport"/>) imported by the real verb into a prepared database (starter
/// catalog and demo content), once per test process: the import takes minutes, and the fixtures that need its result
/// (full import, search over the full catalog) each get a copy of that database and the verb's result.
/// </summary>
public static class FullCatalog
{
    public static Task<(TestDatabase Database, VerbResult Import)> CreateAsync() =>
        TestDatabase.CreateFromTemplateAsync("full catalog", async database =>
        {
            await AtlasApp.PrepareAsync(database, seedDemo: true);
            return await Verb.RunAsync(database, ["import-conditions", .. CatalogFiles.FullImport]);
        });
}
