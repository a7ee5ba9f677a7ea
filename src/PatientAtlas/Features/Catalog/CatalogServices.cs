namespace PatientAtlas.Features.Catalog;

public static class CatalogServices
{
    public static IServiceCollection AddCatalog(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app) => CatalogApi.MapEndpoints(app);
}
