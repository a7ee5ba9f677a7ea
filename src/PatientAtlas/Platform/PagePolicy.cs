using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace PatientAtlas.Platform;

/// <summary>
/// Output caching for public pages, the same for every reader, signed in or not. Each entry is tagged "pages"; a condition's pages "condition:{slug}", and
/// within them a question's page and API answer "question:{slug}/{question}" and the rest "overview:{slug}", so a
/// change evicts the pages it affects (see <see cref="ContentChanges"/>), not every page of its condition.
/// Entries hold the compressed bytes (response compression runs inside the cache), one per content coding
/// the client accepts, so a cache hit is served without compressing again. <c>Site:OutputCache=false</c>
/// turns the cache off (the benchmark measures full rendering that way).
/// </summary>
public sealed class PagePolicy(bool enabled = true) : IOutputCachePolicy
{
    public const string Name = "pages";
    public const string AllPages = "pages";
    public const string Home = "home";

    public const string Search = "search";
    public const string Reviewers = "reviewers";

    public static string ConditionTag(string slug) => "condition:" + slug;

    public static string OverviewTag(string slug) => "overview:" + slug;

    public static string QuestionTag(string slug, string question) => $"question:{slug}/{question}";

    /// <summary>The query keys pages and cached API answers read; every other key shares the entry of the page without it.</summary>
    public static readonly Microsoft.Extensions.Primitives.StringValues QueryKeys = new(["letter", "page", "sort", "after", "q", "type", "lang"]);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        // Signed-in readers share the cached pages: nothing personal is ever written into a page under this policy (the
        // header learns who is signed in from /account/status), so a member's page is everyone's page.
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // No request coalescing: with it, a render shared by concurrent requests was cancelled for all of them when the
        // first client went away (wrk's abandoned warm-up requests turned a waiting request into a 500). Each request
        // renders alone now, so a gone client stops only its own work; a burst after an eviction renders a few times.
        context.AllowLocking = false;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        // Unknown query keys share the entry of the page without them, so random keys cannot flood the cache.
        context.CacheVaryByRules.QueryKeys = QueryKeys;
        context.CacheVaryByRules.VaryByValues["encoding"] = ContentCoding(context.HttpContext);
        context.Tags.Add(AllPages);
        if (context.HttpContext.GetRouteValue("condition") is string slug)
        {
            slug = slug.ToLowerInvariant();
            context.Tags.Add(ConditionTag(slug));
            context.Tags.Add(context.HttpContext.GetRouteValue("question") is string question
                ? QuestionTag(slug, question.ToLowerInvariant())
                : OverviewTag(slug));
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The coding the compression middleware will send, asked of the middleware's own provider so that the cache key
    /// follows it exactly (q-values, "*", "identity;q=0"): clients whose Accept-Encoding headers differ only in
    /// spelling share one entry, and no entry ever holds bytes in a coding its key does not name.
    /// </summary>
    public static string ContentCoding(HttpContext context)
    {
        if (context.Request.IsHttps && !context.RequestServices.GetRequiredService<IOptions<ResponseCompressionOptions>>().Value.EnableForHttps)
        {
            return "identity";
        }
        var provider = context.RequestServices.GetRequiredService<IResponseCompressionProvider>();
        return provider.CheckRequestAcceptsCompression(context) ? provider.GetCompressionProvider(context)?.EncodingName ?? "identity" : "identity";
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only complete, successful, cookie-free answers are shared between readers.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
