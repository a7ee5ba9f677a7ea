using System.IO.Compression;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Site;

public static class SiteServices
{
    public const string ApiRateLimit = "api";

    public static IServiceCollection AddSiteServices(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Spanish (and later languages) as plain UTF-8 instead of &#xE9; entities: smaller, readable pages.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.Add(new LanguagePrefixConvention());
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
        });
        services.AddOutputCache(o => o.AddPolicy(PagePolicy.Name, new PagePolicy(configuration.GetValue("Site:OutputCache", true))));
        // Pages and JSON are compressed on the fly at the fastest level (dynamic answers: CPU matters more
        // than the last few bytes); static assets are precompressed at build time and skipped here.
        // HTTPS stays off by default (BREACH): TLS is expected to end at a proxy that compresses, or not.
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<ContentChanges>();
        services.AddSingleton<ContentChangeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentChangeWatcher>());
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddDbContextCheck<AtlasDb>("database");
        services.AddDataProtection().SetApplicationName("PatientAtlas").PersistKeysToDbContext<AtlasDb>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("Site:ApiRequestsPerMinute", 600),
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Languages.Default).AddSupportedCultures(Languages.Supported).AddSupportedUICultures(Languages.Supported);
            o.RequestCultureProviders = [new LanguageFromPath()];
        });
        return services;
    }

    public static WebApplication UseSite(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(c => !IsApi(c), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler("/errors/500");
            }
            pages.UseStatusCodePagesWithReExecute("/errors/{0}");
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseRouting();
        app.UseRateLimiter();
        app.UseOutputCache();
        // After the cache: a cached page carries its language in its path, so a hit needs no culture.
        app.UseRequestLocalization();
        // Inside the output cache, so a cached page is stored compressed and served as stored.
        app.UseResponseCompression();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapSite(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz");
        app.MapGet("/robots.txt", SitemapEndpoints.Robots);
        app.MapGet("/sitemap.xml", SitemapEndpoints.Index);
        app.MapGet("/sitemaps/conditions-{chunk:int}.xml", SitemapEndpoints.Conditions);
        app.MapGet("/sitemaps/questions-{chunk:int}.xml", SitemapEndpoints.Questions);
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
