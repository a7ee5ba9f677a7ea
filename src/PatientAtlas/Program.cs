using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Corrections;
using PatientAtlas.Features.Demo;
using PatientAtlas.Features.Editorial;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Map.Near;
using PatientAtlas.Features.Messages;
using PatientAtlas.Features.Moderation;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Features.Places;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Scale;
using PatientAtlas.Features.Search;
using PatientAtlas.Features.Site;
using PatientAtlas.Platform;

namespace PatientAtlas;

public static class Program
{
    /// <summary>The verbs of the executable; with none, it migrates, loads the starter content and serves.</summary>
    public static Task<int> Main(string[] args) => Verbs.RunAsync(args);

    /// <summary>The whole web application: one line per capability, one line per feature.</summary>
    public static WebApplication BuildWebApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the build output, so the site runs the same from any working directory;
        // a relative SQLite path still resolves against the working directory (./data/ by default).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        if (!builder.Environment.IsDevelopment())
        {
            // Run from the build output, static assets default to development behaviour: a catch-all fallback
            // route whose constraint stats the file system on every request that reaches routing (a fifth of a
            // cached page's cost in the benchmark profile). Files change only by rebuilding outside Development.
            builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        }
        configure?.Invoke(builder);

        builder.Services.AddAtlasData(builder.Configuration);
        builder.Services.AddWebPlatform(builder.Configuration);
        builder.Services.AddSite();
        builder.Services.AddAccounts(builder.Configuration);
        builder.Services.AddMemberData();
        builder.Services.AddQuestions();
        builder.Services.AddCatalog();
        builder.Services.AddDemo();
        builder.Services.AddSearch();
        builder.Services.AddScale();
        builder.Services.AddCorrections();
        builder.Services.AddCommunity(builder.Configuration);
        builder.Services.AddExperiences(builder.Configuration);
        builder.Services.AddModeration();
        builder.Services.AddEditorial(builder.Configuration);
        builder.Services.AddMap(builder.Configuration);
        builder.Services.AddMessages();
        builder.Services.AddOrganisations();

        var app = builder.Build();

        // The pipeline, in order. (Host filtering runs before all of it: ASP.NET Core adds it from AllowedHosts.)
        if (app.Services.GetRequiredService<IOptions<SiteOptions>>().Value.KnownProxies.Length > 0)
        {
            // First: everything after sees the client's address and scheme. Only with Site:KnownProxies: with no proxy
            // listed, ASP.NET Core's middleware would believe X-Forwarded-* from anyone.
            app.UseForwardedHeaders();
        }
        app.UseSecurityHeaders();         // on every answer, errors included
        app.UseCookiePolicy();            // before anything sets a cookie: Secure wherever the session cookies are (Accounts:SecureCookies)
        app.UseErrorAnswers();            // error pages (re-executed) and problem+json for the API
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseCanonicalPaths();          // one address per page before anything is cached under it
        app.UseRouting();
        app.UseAuthentication();          // before the output cache decides: a signed-in reader's page is not shared
        app.UseAuthorization();
        app.UseRateLimiter();             // before the cache: a hit still counts against the client's limit
        app.UseOutputCache();
        app.UseRequestLocalization();     // after the cache: a cached page carries its language in its path
        app.UseResponseCompression();     // inside the cache, so a cached page is stored compressed and served as stored
        app.UseAntiforgery();

        app.MapSite();
        app.MapAccounts();
        // The open API: one group, one rate limit per client, answers in application/problem+json when they fail; every
        // member write is refused without consent or while suspended, and counts against the write limit (MemberWrites).
        var api = app.MapGroup("/api/v1").RequireRateLimiting(WebPlatform.ApiRateLimit).RefuseMemberWrites();
        api.MapCatalogApi();
        api.MapQuestionsApi();
        api.MapSearchApi();
        api.MapMeApi();
        api.MapRelationsApi();
        api.MapExperiencesApi();
        api.MapModerationApi();
        api.MapEditorialApi();
        api.MapMapApi().MapPlacesApi().MapMessagesApi();
        api.MapNearApi();
        api.MapOrganisationsApi();
        app.MapRazorPages().WithStaticAssets();   // asp-append-version links the fingerprinted, immutable file
        return app;
    }
}
