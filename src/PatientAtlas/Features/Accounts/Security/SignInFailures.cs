using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// Wrong passwords in a row for one account from one client network (<see cref="Platform.ClientNetwork"/>). Reaching
/// <see cref="AccountOptions.LockoutFailures"/> refuses that network for that account until
/// <see cref="AccountOptions.LockoutMinutes"/> pass without another try; every other network still signs in, so a
/// stranger can lock out only themselves. A password reset by mail forgets them all.
/// </summary>
public sealed class SignInFailure
{
    /// <summary>The account; 0 for addresses with no account, whose tries are written the same way (the same work).</summary>
    public int MemberId { get; set; }

    public required string Network { get; set; }

    public int Failures { get; set; }

    public DateTime LastFailureAt { get; set; }
}

public sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.ToTable("SignInFailures");
        builder.HasKey(f => new { f.MemberId, f.Network });
        builder.Property(f => f.Network).HasMaxLength(64);
        builder.HasIndex(f => f.LastFailureAt);
    }
}

/// <summary>Reads and counts <see cref="SignInFailure"/>s with set-based writes, so tries at the same instant all count.</summary>
public sealed class SignInFailures(AtlasDb db, TimeProvider clock, IOptions<AccountOptions> options)
{
    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    public async Task<bool> IsLockedAsync(int memberId, string network, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - Window;
        var limit = options.Value.LockoutFailures;
        return await db.Set<SignInFailure>().AnyAsync(
            f => f.MemberId == memberId && f.Network == network && f.Failures >= limit && f.LastFailureAt > since, cancellationToken);
    }

    /// <summary>Counts a wrong password (or a try while refused); a try after a quiet <see cref="Window"/> starts again at one.</summary>
    public async Task CountAsync(int memberId, string network, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Window;
        var failures = db.Set<SignInFailure>();
        await failures.Where(f => f.LastFailureAt <= since).ExecuteDeleteAsync(cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await failures.Where(f => f.MemberId == memberId && f.Network == network)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.Failures, f => f.Failures + 1).SetProperty(f => f.LastFailureAt, now), cancellationToken) > 0)
            {
                return;
            }
            var row = new SignInFailure { MemberId = memberId, Network = network, Failures = 1, LastFailureAt = now };
            failures.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (db.IsUniqueViolation(exception))
            {
                // Another try from the same network made the row a moment ago: count on it.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    /// <summary>A right password from this network: its count starts again.</summary>
    public Task ForgetAsync(int memberId, string network, CancellationToken cancellationToken) =>
        db.Set<SignInFailure>().Where(f => f.MemberId == memberId && f.Network == network).ExecuteDeleteAsync(cancellationToken);

    /// <summary>A reset by mail proves the owner: no network stays refused.</summary>
    public Task ForgetAllAsync(int memberId, CancellationToken cancellationToken) =>
        db.Set<SignInFailure>().Where(f => f.MemberId == memberId).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>Wrong passwords tried on the member's account, by network, in their data download; gone with the account.</summary>
internal sealed class SignInFailuresPart : Data.IMemberDataPart
{
    public string Name => "signInFailures";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.Set<SignInFailure>().AsNoTracking().Where(f => f.MemberId == member.Id).OrderBy(f => f.LastFailureAt)
            .Select(f => new { network = f.Network, failures = f.Failures, lastFailureAt = f.LastFailureAt })
            .ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, Data.ContentChoice choice, CancellationToken cancellationToken) =>
        db.Set<SignInFailure>().Where(f => f.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
}
