using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Messages;

/// <summary>What a member's inbox holds, for the page and the API.</summary>
public static class Inbox
{
    public sealed record Received(long Id, string From, string Message, DateTime At);

    /// <summary>A request the member sent: pending, accepted (with its conversation) or "not accepted".</summary>
    public sealed record Sent(long Id, string To, DateTime At, bool Pending, long? ConversationId);

    public sealed record Talk(long Id, string With, DateTime LastMessageAt, bool Open, bool ClosedByModerators = false);

    public sealed record View(IReadOnlyList<Received> Received, IReadOnlyList<Sent> Sent, IReadOnlyList<Talk> Conversations);

    public static async Task<View> LoadAsync(AtlasDb db, int memberId, CancellationToken cancellationToken)
    {
        var received = await db.Set<ContactRequest>().AsNoTracking().Where(r => r.ToId == memberId && r.Status == ContactStatus.Pending)
            .OrderByDescending(r => r.Id)
            .Select(r => new Received(r.Id, db.Users.Where(m => m.Id == r.FromId).Select(m => m.Pseudonym).First(), r.Message, r.CreatedAt))
            .ToListAsync(cancellationToken);
        var sent = await db.Set<ContactRequest>().AsNoTracking().Where(r => r.FromId == memberId)
            .OrderByDescending(r => r.Id).Take(50)
            .Select(r => new Sent(r.Id, db.Users.Where(m => m.Id == r.ToId).Select(m => m.Pseudonym).First(), r.CreatedAt, r.Status == ContactStatus.Pending, r.ConversationId))
            .ToListAsync(cancellationToken);
        var talks = await db.Set<Conversation>().AsNoTracking()
            .Where(c => (c.FirstId == memberId && !c.FirstLeft) || (c.SecondId == memberId && !c.SecondLeft))
            .OrderByDescending(c => c.LastMessageAt)
            .Select(c => new Talk(c.Id, db.Users.Where(m => m.Id == (c.FirstId == memberId ? c.SecondId : c.FirstId)).Select(m => m.Pseudonym).First(), c.LastMessageAt, !c.FirstLeft && !c.SecondLeft && c.ClosedByModeratorsAt == null, c.ClosedByModeratorsAt != null))
            .ToListAsync(cancellationToken);
        return new(received, sent, talks);
    }
}
