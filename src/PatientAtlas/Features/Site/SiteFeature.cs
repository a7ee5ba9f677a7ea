namespace PatientAtlas.Features.Site;

/// <summary>The site's own parts: the page cache's change notes, sitemaps, robots.txt, health, OpenAPI.</summary>
public static class SiteFeature
{
    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddSingleton<ContentChanges>();
        services.AddSingleton<ContentChangeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentChangeWatcher>());
        return services;
    }

    public static WebApplication MapSite(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapOpenApi();
        // GET only, like every endpoint a stranger may call (the health check answers any method otherwise).
        app.MapHealthChecks("/healthz").WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        app.MapGet("/robots.txt", SitemapEndpoints.Robots);
        app.MapGet("/sitemap.xml", SitemapEndpoints.Index);
        app.MapGet("/sitemaps/conditions-{chunk:int}.xml", SitemapEndpoints.Conditions);
        app.MapGet("/sitemaps/questions-{chunk:int}.xml", SitemapEndpoints.Questions);
        return app;
    }
}
