using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Messages;

public static class MessagesServices
{
    /// <summary>Contact by consent and private messages; requests, messages, blocks and reports in "my data".</summary>
    public static IServiceCollection AddMessages(this IServiceCollection services)
    {
        services.AddScoped<ContactWrites>();
        services.AddMemberDataPart<MessagesPart>();
        const string Private = "private between two members, never cached";
        services.AddUncached<ContactRequest>(Private).AddUncached<Conversation>(Private).AddUncached<ConversationMessage>(Private)
            .AddUncached<MemberBlock>(Private).AddUncached<ConversationReport>("a report for moderators, never cached");
        return services;
    }
}

/// <summary>
/// The member's requests (sent and received), conversations with every message in them (both sides: the member took
/// part), blocks and reports. On deletion all of it goes: a conversation needs both people, so it ends with one.
/// </summary>
internal sealed class MessagesPart : IMemberDataPart
{
    public string Name => "messages";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken)
    {
        var id = member.Id;
        string Name(int other) => db.Users.Where(m => m.Id == other).Select(m => m.Pseudonym).First();
        var requests = await db.Set<ContactRequest>().AsNoTracking().Where(r => r.FromId == id || r.ToId == id).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.FromId, r.ToId, r.Message, r.Status, r.CreatedAt, r.DecidedAt }).ToListAsync(cancellationToken);
        var conversations = await db.Set<Conversation>().AsNoTracking().Where(c => c.FirstId == id || c.SecondId == id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var ids = conversations.Select(c => c.Id).ToList();
        var messages = await db.Set<ConversationMessage>().AsNoTracking().Where(m => ids.Contains(m.ConversationId)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var blocks = await db.Set<MemberBlock>().AsNoTracking().Where(b => b.BlockerId == id).ToListAsync(cancellationToken);
        var reports = await db.Set<ConversationReport>().AsNoTracking().Where(r => r.ReporterId == id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return new
        {
            requests = requests.Select(r => new
            {
                direction = r.FromId == id ? "sent" : "received", member = Name(r.FromId == id ? r.ToId : r.FromId), message = r.Message,
                status = r.FromId == id && r.Status == ContactStatus.Declined ? "NotAccepted" : r.Status.ToString(), sentAt = r.CreatedAt, decidedAt = r.DecidedAt,
            }).ToList(),
            conversations = conversations.Select(c => new
            {
                id = c.Id, with = Name(c.Other(id)), startedAt = c.CreatedAt, left = c.Left(id),
                messages = messages.Where(m => m.ConversationId == c.Id).Select(m => new { from = m.SenderId == id ? "me" : Name(m.SenderId), text = m.Text, sentAt = m.SentAt }).ToList(),
            }).ToList(),
            blocked = blocks.Select(b => new { member = Name(b.BlockedId), since = b.CreatedAt }).ToList(),
            reports = reports.Select(r => new { conversation = r.ConversationId, reason = r.Reason, note = r.Note, at = r.CreatedAt }).ToList(),
        };
    }

    public async Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken)
    {
        var id = member.Id;
        await db.Set<ConversationReport>().Where(r => r.ReporterId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Conversation>().Where(c => c.FirstId == id || c.SecondId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ContactRequest>().Where(r => r.FromId == id || r.ToId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Set<MemberBlock>().Where(b => b.BlockerId == id || b.BlockedId == id).ExecuteDeleteAsync(cancellationToken);
    }
}
