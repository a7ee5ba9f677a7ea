using PatientAtlas.Data;
using PatientAtlas.Data.Saving;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

/// <summary>The site's own parts: the page cache's change notes, sitemaps, robots.txt, health, OpenAPI.</summary>
public static class SiteFeature
{
    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddUncached<ContentChange>("the change notes themselves, written by the save pipeline");
        services.AddUncached<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>("the site's keys, never shown");
        services.AddSingleton<DemoNotice>();
        services.AddSingleton<IRemembersContent>(sp => sp.GetRequiredService<DemoNotice>());
        services.AddSingleton<ContentChangeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentChangeWatcher>());
        return services;
    }

    public static WebApplication MapSite(this WebApplication app)
    {
        app.MapStaticAssets().Add(endpoint =>
        {
            // A fingerprinted file never changes under its name: "public" lets shared caches (proxies, CDNs) keep it
            // for the year too. The unfingerprinted names keep their revalidating "no-cache".
            var serve = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    if (headers.CacheControl == "max-age=31536000, immutable")
                    {
                        headers.CacheControl = "public, max-age=31536000, immutable";
                    }
                    return Task.CompletedTask;
                });
                return serve(context);
            };
        });
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
