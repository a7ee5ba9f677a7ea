using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Accounts.Tokens;

/// <summary>The member's API tokens in their data download (names, scopes and dates; never a hash), and gone with the account.</summary>
internal sealed class TokensDataPart : IMemberDataPart
{
    public string Name => "tokens";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.PersonalTokens.AsNoTracking().Where(t => t.MemberId == member.Id).OrderBy(t => t.CreatedAt)
            .Select(t => new { name = t.Name, hint = t.Hint, scope = t.Scope.ToString(), createdAt = t.CreatedAt, expiresAt = t.ExpiresAt, lastUsedAt = t.LastUsedAt })
            .ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        db.PersonalTokens.Where(t => t.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
}
