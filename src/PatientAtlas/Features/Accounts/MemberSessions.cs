using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// One signed-in browser. The cookie holds only this row's key; the row holds the ticket, so a session ends for every
/// node the moment its row is gone: signing out, "sign out everywhere", a password change, a deleted account.
/// </summary>
public sealed class MemberSession
{
    public required string Key { get; set; }
    public int MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>The browser as its User-Agent names it, cut short: enough for the member to recognise a session.</summary>
    public string? Device { get; set; }

    public required byte[] Ticket { get; set; }
}

public sealed class MemberSessionConfiguration : IEntityTypeConfiguration<MemberSession>
{
    public void Configure(EntityTypeBuilder<MemberSession> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(64);
        builder.Property(s => s.Device).HasMaxLength(200);
        builder.HasIndex(s => s.MemberId);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The cookie handler's server-side session store (ASP.NET Core's <see cref="ITicketStore"/>), kept in the database
/// so that every node sees the same sessions and a revoked one is gone everywhere at once.
/// </summary>
public sealed class MemberSessionStore(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock) : ITicketStore
{
    // Sliding renewals within this time of the last one are not written (one write per active session per few minutes).
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(5);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var device = http.HttpContext?.Request.Headers.UserAgent.ToString();
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(SessionEnding.KeyClaim, key));
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        db.Add(new MemberSession
        {
            Key = key,
            MemberId = MemberId(ticket),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc?.UtcDateTime ?? now.AddDays(14),
            Device = string.IsNullOrEmpty(device) ? null : device[..Math.Min(device.Length, 200)],
            Ticket = TicketSerializer.Default.Serialize(ticket),
        });
        // Expired sessions of this member go when a new one starts.
        await db.Set<MemberSession>().Where(s => s.MemberId == MemberId(ticket) && s.ExpiresAt < now).ExecuteDeleteAsync();
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        var expires = ticket.Properties.ExpiresUtc?.UtcDateTime ?? now.AddDays(14);
        // A sign-in within a session (RefreshSignInAsync after a password change or a new security stamp) renews the
        // session with a principal rebuilt from the database: it must keep naming its session, and it must be written
        // at once, or the stored ticket keeps the old stamp and the validator ends this session later.
        var refreshed = false;
        if (ticket.Principal.Identity is ClaimsIdentity identity && SessionEnding.CurrentKey(ticket.Principal) is null)
        {
            identity.AddClaim(new Claim(SessionEnding.KeyClaim, key));
            refreshed = true;
        }
        var bytes = TicketSerializer.Default.Serialize(ticket);
        await db.Set<MemberSession>().Where(s => s.Key == key && (refreshed || s.LastSeenAt < now - SeenResolution))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now).SetProperty(s => s.ExpiresAt, expires).SetProperty(s => s.Ticket, bytes));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        var ticket = await db.Set<MemberSession>().AsNoTracking().Where(s => s.Key == key && s.ExpiresAt > now).Select(s => s.Ticket).FirstOrDefaultAsync();
        return ticket is null ? null : TicketSerializer.Default.Deserialize(ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        await db.Set<MemberSession>().Where(s => s.Key == key).ExecuteDeleteAsync();
    }

    private static int MemberId(AuthenticationTicket ticket) =>
        ticket.Principal.MemberIdOrNull() ?? throw new InvalidOperationException("A session without a member.");
}

/// <summary>Ending sessions: all of a member's, or all but the one in use.</summary>
public static class SessionEnding
{
    /// <summary>The claim, inside the stored ticket, that names its own session (the cookie handler does not pass its key on).</summary>
    public const string KeyClaim = "atlas:session";

    public static string? CurrentKey(ClaimsPrincipal user) => user.FindFirstValue(KeyClaim);

    public static Task<int> EndAllAsync(AtlasDb db, int memberId, string? except = null) =>
        db.Set<MemberSession>().Where(s => s.MemberId == memberId && s.Key != (except ?? "")).ExecuteDeleteAsync();

    public static async Task EndOthersAsync(AtlasDb db, UserManager<Member> users, Member member, ClaimsPrincipal current)
    {
        // The security stamp also changes, so a cookie from before this moment cannot come back through Identity's validator.
        await users.UpdateSecurityStampAsync(member);
        await EndAllAsync(db, member.Id, CurrentKey(current));
    }
}
