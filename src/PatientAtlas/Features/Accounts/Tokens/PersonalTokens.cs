using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Audit;

namespace PatientAtlas.Features.Accounts.Tokens;

/// <summary>Making, listing and revoking a member's tokens: one set of rules for the page and the API.</summary>
public static class PersonalTokens
{
    public const int MaxNameLength = 60;

    /// <summary>How long a token may live, in days; the form offers these.</summary>
    public static readonly int[] Lifetimes = [7, 30, 90, 365];

    /// <summary>A member holds at most this many live tokens.</summary>
    public const int MaxPerMember = 20;

    public sealed record Listed(int Id, string Name, string Hint, TokenScope Scope, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt);

    public static Task<List<Listed>> ListAsync(AtlasDb db, int memberId, DateTime now, CancellationToken cancellationToken) =>
        db.Set<PersonalToken>().AsNoTracking().Where(t => t.MemberId == memberId && t.ExpiresAt > now)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new Listed(t.Id, t.Name, t.Hint, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The resource key of what is wrong with a request for a token, or null.</summary>
    public static string? Problem(string? name, TokenScope? scope, int? days) =>
        string.IsNullOrWhiteSpace(name) ? "Tokens.NameRequired"
        : name.Trim().Length > MaxNameLength ? "Tokens.NameLength"
        : scope is null || !Enum.IsDefined(scope.Value) ? "Tokens.ScopeInvalid"
        : days is null || !Lifetimes.Contains(days.Value) ? "Tokens.LifetimeInvalid"
        : null;

    /// <summary>Makes a token (the caller checked <see cref="Problem"/>); returns its text, to be shown once, or null when the member has too many.</summary>
    public static async Task<(string Token, PersonalToken Row)?> CreateAsync(
        AtlasDb db, Member member, string name, TokenScope scope, int days, DateTime now, CancellationToken cancellationToken)
    {
        await db.Set<PersonalToken>().Where(t => t.MemberId == member.Id && t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        if (await db.Set<PersonalToken>().CountAsync(t => t.MemberId == member.Id, cancellationToken) >= MaxPerMember)
        {
            return null;
        }
        var (token, hash) = PersonalToken.Generate();
        var row = new PersonalToken
        {
            MemberId = member.Id, Name = name.Trim(), Hint = token[..(PersonalToken.Prefix.Length + 4)], Hash = hash,
            Scope = scope, CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        db.Add(row);
        AuditTrail.Record(db, now, member.Id, member.Pseudonym, "token.created", member.Id, member.Pseudonym, $"{scope}, {days} days");
        await db.SaveChangesAsync(cancellationToken);
        return (token, row);
    }

    /// <summary>Revokes one of the member's own tokens; false when they have no such token (someone else's included).</summary>
    public static async Task<bool> RevokeAsync(AtlasDb db, Member member, int id, DateTime now, CancellationToken cancellationToken)
    {
        var removed = await db.Set<PersonalToken>().Where(t => t.Id == id && t.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            AuditTrail.Record(db, now, member.Id, member.Pseudonym, "token.revoked", member.Id, member.Pseudonym);
            await db.SaveChangesAsync(cancellationToken);
        }
        return removed > 0;
    }
}
