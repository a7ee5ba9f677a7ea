using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

/// <summary>
/// Applies changes made by other processes (a verb, another node): polls the change notes every
/// <c>Site:CacheSyncSeconds</c> seconds (default 5) and evicts what they name. That interval is the bound
/// on how long another process's change can stay hidden behind the cache.
/// </summary>
public sealed class ContentChangeWatcher(IServiceScopeFactory scopes, ContentChanges changes, IOptions<SiteOptions> options, TimeProvider clock, ILogger<ContentChangeWatcher> logger)
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
    private string[] _again = [];

    /// <summary>Change notes are kept this long (far past any node's overlap), then pruned.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private DateTime _nextPrune = DateTime.MinValue;

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        await EvictAsync(_again, cancellationToken);
        _again = [];
        await PruneAsync(db, cancellationToken);

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
            .Select(c => new
            {
                c.Id,
                c.ChangedAt,
                c.ConditionId,
                c.Tags,
                Slug = db.Conditions.Where(x => x.Id == c.ConditionId).Select(x => x.Slug).FirstOrDefault(),
                Question = db.Questions.Where(q => q.Id == c.QuestionId).Select(q => q.Slug).FirstOrDefault(),
            })
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
        // A note carries the cache tags its save evicted (the save pipeline). One without tags names a condition and
        // question; when that condition is gone (or none is named) it evicts everything.
        string[] evict = rows.Count == 5000 || fresh.Any(c => c.Tags is null && (c.ConditionId is null || c.Slug is null))
            ? [PagePolicy.AllPages]
            : [.. fresh.SelectMany(c => c.Tags is { } tags ? tags.Split('\n') : ContentChanges.Tags(new ChangedPages(c.Slug, c.Question))).Distinct()];
        await EvictAsync(evict, cancellationToken);
        _again = evict;
    }

    private async Task EvictAsync(string[] tags, CancellationToken cancellationToken)
    {
        if (tags.Length > 0)
        {
            await changes.EvictTagsAsync(tags, cancellationToken);
        }
    }

    /// <summary>Old notes are deleted about once an hour; every node may do it, the deletes are idempotent.</summary>
    private async Task PruneAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < _nextPrune)
        {
            return;
        }
        _nextPrune = now.AddHours(1);
        var before = now - Retention;
        await db.ContentChanges.Where(c => c.ChangedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
