using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Security;

/// <summary>
/// A member's signed-in browsers as the hub lists them. A session is named in pages and forms by a hash of its key,
/// never by the key itself (the key is what the cookie carries).
/// </summary>
public static class SessionList
{
    public sealed record Row(string Handle, string Device, DateTime StartedAt, DateTime LastSeenAt, bool Current);

    public static string Handle(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)))[..24];

    public static async Task<IReadOnlyList<Row>> ListAsync(AtlasDb db, int memberId, string? currentKey, DateTime now, CancellationToken cancellationToken)
    {
        var sessions = await db.Set<MemberSession>().AsNoTracking()
            .Where(s => s.MemberId == memberId && s.ExpiresAt > now)
            .Select(s => new { s.Key, s.Device, s.CreatedAt, s.LastSeenAt })
            .ToListAsync(cancellationToken);
        return sessions
            .Select(s => new Row(Handle(s.Key), Devices.Describe(s.Device), s.CreatedAt, s.LastSeenAt, s.Key == currentKey))
            .OrderByDescending(r => r.Current).ThenByDescending(r => r.LastSeenAt)
            .ToList();
    }

    /// <summary>The key of the member's session that <paramref name="handle"/> names, or null.</summary>
    public static async Task<string?> FindAsync(AtlasDb db, int memberId, string? handle, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(handle))
        {
            return null;
        }
        var keys = await db.Set<MemberSession>().Where(s => s.MemberId == memberId).Select(s => s.Key).ToListAsync(cancellationToken);
        return keys.FirstOrDefault(k => Handle(k) == handle);
    }
}

/// <summary>"Firefox on Linux" from a User-Agent: enough for a member to recognise their own browsers.</summary>
public static class Devices
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "?";
        }
        var browser = userAgent switch
        {
            _ when userAgent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when userAgent.Contains("OPR/", StringComparison.Ordinal) => "Opera",
            _ when userAgent.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("Chromium/", StringComparison.Ordinal) => "Chrome",
            _ when userAgent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => null,
        };
        var system = userAgent switch
        {
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when userAgent.Contains("Mac OS", StringComparison.Ordinal) => "macOS",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        return browser is not null && system is not null ? $"{browser} · {system}"
            : browser ?? system ?? userAgent[..Math.Min(userAgent.Length, 60)];
    }
}
