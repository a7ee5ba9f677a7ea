using PatientAtlas.Data;

namespace PatientAtlas.Features.Search;

public static class SearchServices
{
    public static IServiceCollection AddSearch(this IServiceCollection services) => services
        .AddScoped(sp => SearchIndex.For(sp.GetRequiredService<AtlasDb>()))
        .AddScoped<SiteSearch>();

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app) => SearchApi.MapEndpoints(app);
}
