namespace PatientAtlas.Features.Catalog;

public static class CatalogServices
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app) => CatalogApi.MapEndpoints(app);
}
