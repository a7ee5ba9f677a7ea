using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Site;

/// <summary>
/// Output caching for anonymous pages. Each page is tagged "pages" and, when it belongs to a condition,
/// "condition:{slug}", so a change to a condition evicts exactly its pages (plus the home page).
/// Entries hold the compressed bytes (response compression runs inside the cache), one per content coding
/// the client accepts, so a cache hit is served without compressing again. <c>Site:OutputCache=false</c>
/// turns the cache off (the benchmark measures full rendering that way).
/// </summary>
public sealed class PagePolicy(bool enabled = true) : IOutputCachePolicy
{
    public const string Name = "pages";
    public const string AllPages = "pages";
    public const string Home = "home";

    public static string ConditionTag(string slug) => "condition:" + slug;

    /// <summary>The query keys pages and cached API answers read; every other key shares the entry of the page without it.</summary>
    public static readonly Microsoft.Extensions.Primitives.StringValues QueryKeys = new(["letter", "page", "sort", "after", "q", "type", "lang"]);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        cacheable &= context.HttpContext.User.Identity?.IsAuthenticated != true;
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        // Unknown query keys share the entry of the page without them, so random keys cannot flood the cache.
        context.CacheVaryByRules.QueryKeys = QueryKeys;
        context.CacheVaryByRules.VaryByValues["encoding"] = ContentCoding(context.HttpContext);
        context.Tags.Add(AllPages);
        if (context.HttpContext.GetRouteValue("condition") is string slug)
        {
            context.Tags.Add(ConditionTag(slug.ToLowerInvariant()));
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

/// <summary>Records content changes and evicts the cached pages they affect.</summary>
public sealed class ContentChanges(IOutputCacheStore store)
{
    /// <summary>Adds the change note to the unit of work; call <see cref="EvictAsync"/> after saving.</summary>
    public static void Record(AtlasDb db, int? conditionId, DateTime now) =>
        db.ContentChanges.Add(new ContentChange { ConditionId = conditionId, ChangedAt = now });

    public async Task EvictAsync(string? conditionSlug, CancellationToken cancellationToken)
    {
        if (conditionSlug is null)
        {
            await store.EvictByTagAsync(PagePolicy.AllPages, cancellationToken);
            return;
        }
        await store.EvictByTagAsync(PagePolicy.ConditionTag(conditionSlug), cancellationToken);
        await store.EvictByTagAsync(PagePolicy.Home, cancellationToken);
    }
}

/// <summary>
/// Applies changes made by other processes (a verb, another node): polls the change notes every
/// <c>Site:CacheSyncSeconds</c> seconds (default 5) and evicts what they name. That interval is the bound
/// on how long another process's change can stay hidden behind the cache.
/// </summary>
public sealed class ContentChangeWatcher(IServiceScopeFactory scopes, ContentChanges changes, IOptions<SiteOptions> options, ILogger<ContentChangeWatcher> logger)
    : BackgroundService
{
    private TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the next poll has applied what it found (health checks and tests wait on it).</summary>
    public Task WaitForNextSyncAsync() => Volatile.Read(ref _synced).Task;

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first poll has read where the change notes stand.</summary>
    public Task Started => _started.Task;

    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.CacheSyncSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            await RunAsync(timer, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read content changes; will retry");
            }
            _started.TrySetResult();
            Interlocked.Exchange(ref _synced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Change notes are read by time with an overlap, not by id: PostgreSQL hands out ids before commit, so a
    /// slow transaction can commit a lower id after a higher one has been seen. Notes already applied are
    /// remembered for the length of the overlap.
    /// </summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(60);

    private DateTime? _watermark;
    private readonly Dictionary<long, DateTime> _applied = [];

    /// <summary>What the previous poll evicted, evicted once more: a render that read the database just
    /// before the change may have stored its stale page after the first eviction.</summary>
    private (bool All, string[] Slugs) _again = (false, []);

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        await EvictAsync(_again, cancellationToken);
        _again = (false, []);

        if (_watermark is null)
        {
            _watermark = await db.ContentChanges.MaxAsync(c => (DateTime?)c.ChangedAt, cancellationToken) ?? DateTime.UnixEpoch;
            var from = _watermark.Value - Overlap;
            foreach (var id in await db.ContentChanges.Where(c => c.ChangedAt > from).Select(c => c.Id).ToListAsync(cancellationToken))
            {
                _applied[id] = _watermark.Value;
            }
            return;
        }
        var since = _watermark.Value - Overlap;
        var rows = await db.ContentChanges.AsNoTracking()
            .Where(c => c.ChangedAt > since)
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id)
            .Take(5000)
            .Select(c => new { c.Id, c.ChangedAt, Slug = db.Conditions.Where(x => x.Id == c.ConditionId).Select(x => x.Slug).FirstOrDefault(), c.ConditionId })
            .ToListAsync(cancellationToken);
        var fresh = rows.Where(r => !_applied.ContainsKey(r.Id)).ToList();
        foreach (var row in fresh)
        {
            _applied[row.Id] = row.ChangedAt;
        }
        if (rows.Count > 0 && rows[^1].ChangedAt > _watermark)
        {
            _watermark = rows[^1].ChangedAt;
        }
        foreach (var old in _applied.Where(a => a.Value < _watermark.Value - Overlap - Overlap).Select(a => a.Key).ToList())
        {
            _applied.Remove(old);
        }
        if (fresh.Count == 0)
        {
            return;
        }
        var evict = rows.Count == 5000 || fresh.Any(c => c.ConditionId is null)
            ? (true, Array.Empty<string>())
            : (false, fresh.Select(c => c.Slug).OfType<string>().Distinct().ToArray());
        await EvictAsync(evict, cancellationToken);
        _again = evict;
    }

    private async Task EvictAsync((bool All, string[] Slugs) what, CancellationToken cancellationToken)
    {
        if (what.All)
        {
            await changes.EvictAsync(null, cancellationToken);
            return;
        }
        foreach (var slug in what.Slugs)
        {
            await changes.EvictAsync(slug, cancellationToken);
        }
    }
}
