using System.IO.Compression;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;

namespace PatientAtlas.Platform;

/// <summary>
/// The web platform every feature stands on: ASP.NET Core's own parts, configured once. The order in which they run
/// is written in <see cref="Program.BuildWebApp"/>; the site's own pages and endpoints are in <c>Features/Site</c>.
/// </summary>
public static class WebPlatform
{
    /// <summary>The rate limit of everything a stranger can call in bulk: the API, search and suggest.</summary>
    public const string ApiRateLimit = "api";

    public static IServiceCollection AddWebPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.Section)).ValidateDataAnnotations()
            .Validate(site => site.Origin is not null || !PublicOrigin.AnyHostAllowed(configuration["AllowedHosts"]),
                "Site:BaseUrl must be set when AllowedHosts lets any host through ('*'): links in mails would go wherever a request's Host header said")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ContentChanges>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Spanish (and later languages) as plain UTF-8 instead of &#xE9; entities: smaller, readable pages.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.Add(new LanguagePrefixConvention());
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
        });
        services.AddAuthentication();
        services.AddAuthorization();
        services.AddOutputCache();
        services.AddOptions<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>()
            .Configure<IOptions<SiteOptions>>((o, site) => o.AddPolicy(PagePolicy.Name, new PagePolicy(site.Value.OutputCache)));
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
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, context, _) =>
        {
            // The servers named in the document come from Site:BaseUrl, never from the request's Host header.
            var origin = context.ApplicationServices.GetRequiredService<IOptions<SiteOptions>>().Value.Origin;
            document.Servers = origin is null ? [] : [new Microsoft.OpenApi.OpenApiServer { Url = origin }];
            return Task.CompletedTask;
        }));
        services.AddApiContract();
        services.AddHealthChecks().AddDbContextCheck<AtlasDb>("database");
        services.AddDataProtection().SetApplicationName("PatientAtlas").PersistKeysToDbContext<AtlasDb>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SiteOptions>>((o, site) =>
            o.AddPolicy(ApiRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                MemberOrAddress(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = site.Value.ApiRequestsPerMinute, Window = TimeSpan.FromMinutes(1) })));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SiteOptions>>((o, site) =>
        {
            // Used only when Site:KnownProxies names the proxies (Program.cs): a client cannot claim another address or scheme.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in site.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Languages.Default).AddSupportedCultures(Languages.Supported).AddSupportedUICultures(Languages.Supported);
            o.RequestCultureProviders = [new LanguageFromPath()];
        });
        return services;
    }

    /// <summary>
    /// Whom a rate limit counts: the member (signed in, or by their API token: one budget across all their addresses),
    /// else the client's address.
    /// </summary>
    public static string MemberOrAddress(HttpContext context) =>
        context.User.MemberIdOrNull() is { } id
            ? "member:" + id
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Pages answer errors with a page in their language; the API answers application/problem+json.</summary>
    public static IApplicationBuilder UseErrorAnswers(this WebApplication app)
    {
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(c => !IsApi(c), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler("/errors/500");
            }
            pages.UseStatusCodePagesWithReExecute("/errors/{0}");
        });
        return app;
    }
}
