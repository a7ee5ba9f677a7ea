using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// Sign-ups per client network and hour (per node), so a burst of fresh accounts from one household, office or hosting
/// customer is slowed whichever of its addresses it uses. Counted when a filled-in sign-up is accepted, whether or not
/// its address already has an account (the same answer either way).
/// </summary>
public sealed class SignUpThrottle(IOptions<AccountOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(network =>
        RateLimitPartition.GetSlidingWindowLimiter(network, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignUpsPerNetworkPerHour,
            Window = TimeSpan.FromHours(1),
            SegmentsPerWindow = 6,
        }));

    /// <summary>Takes one sign-up of <paramref name="network"/>'s budget; when none is left, says how long to wait.</summary>
    public bool TryTake(string network, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(network);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(10);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
