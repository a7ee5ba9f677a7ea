using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Map;

namespace PatientAtlas.Features.Messages;

/// <summary>
/// Every change to contact and messages, for the pages and the API alike: the checks (blocks, requests off, limits,
/// sizes, who may act), the write, and the mail notice (which names the sender's pseudonym and links to /messages, never
/// the text). A refusal is a resource key ("Messages.Blocked"), or <see cref="NotFound"/> for what the member cannot see.
/// </summary>
public sealed class ContactWrites(AtlasDb db, IOptions<MapOptions> options, TimeProvider clock, MailSender mail, IStringLocalizer<SharedResource> strings)
{
    public const string NotFound = "not-found";

    public static readonly string[] ReportReasons = ["harassment", "threat", "self-harm", "spam", "health-misinformation", "other"];

    /// <summary>Reasons that put a report at the top of the moderation queue.</summary>
    public static readonly string[] UrgentReasons = ["threat", "self-harm"];

    public int MaxLength => options.Value.MessageMaxLength;

    /// <summary>The answer; <paramref name="Crisis"/> when the text sent reads as a crisis (the writer is shown crisis help).</summary>
    public sealed record Outcome(string? Error, long Id = 0, bool Crisis = false)
    {
        public bool Ok => Error is null;
    }

    public async Task<Outcome> RequestAsync(int fromId, string? toPseudonym, string? message, string origin, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrWhiteSpace(toPseudonym) ? null : Pseudonyms.Key(toPseudonym.Trim());
        var to = key is null ? null : await db.Users.AsNoTracking().Where(m => m.PseudonymKey == key).Select(m => new { m.Id, m.Email, m.Pseudonym }).FirstOrDefaultAsync(cancellationToken);
        if (to is null)
        {
            return new(NotFound);
        }
        var text = message?.Trim() ?? "";
        var now = clock.GetUtcNow().UtcDateTime;
        string? error = to.Id == fromId ? "Messages.ToSelf"
            : text.Length == 0 ? "Messages.MessageRequired"
            : text.Length > MaxLength ? "Messages.TooLong"
            : await db.Set<MemberBlock>().AnyAsync(b => (b.BlockerId == to.Id && b.BlockedId == fromId) || (b.BlockerId == fromId && b.BlockedId == to.Id), cancellationToken) ? "Messages.NotTakingRequests"
            : await db.Set<MemberLocation>().AnyAsync(l => l.MemberId == to.Id && l.RequestsOff, cancellationToken) ? "Messages.NotTakingRequests"
            : await db.Set<ContactRequest>().AnyAsync(r => r.FromId == fromId && r.ToId == to.Id && r.Status == ContactStatus.Pending, cancellationToken) ? "Messages.AlreadyAsked"
            : await db.Set<Conversation>().AnyAsync(c => ((c.FirstId == fromId && c.SecondId == to.Id) || (c.FirstId == to.Id && c.SecondId == fromId)) && c.ClosedByModeratorsAt != null, cancellationToken) ? "Messages.NotTakingRequests"
            : await db.Set<Conversation>().AnyAsync(c => ((c.FirstId == fromId && c.SecondId == to.Id) || (c.FirstId == to.Id && c.SecondId == fromId)) && !c.FirstLeft && !c.SecondLeft, cancellationToken) ? "Messages.AlreadyTalking"
            : await db.Set<ContactRequest>().CountAsync(r => r.FromId == fromId && r.CreatedAt > now.AddDays(-1), cancellationToken) >= options.Value.RequestsPerDay ? "Messages.TooManyRequests"
            : null;
        if (error is not null)
        {
            return new(error);
        }
        var request = new ContactRequest { FromId = fromId, ToId = to.Id, Message = text, CreatedAt = now };
        db.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        var from = await PseudonymAsync(fromId, cancellationToken);
        await NoticeAsync(to.Email!, to.Pseudonym, "Request", from, origin, cancellationToken);
        return new(null, request.Id, Experiences.CrisisLanguage.IsCrisis(text));
    }

    /// <summary>The recipient accepts (a conversation opens, with the request as its first message) or declines.</summary>
    public async Task<Outcome> DecideAsync(int memberId, long requestId, bool accept, string origin, CancellationToken cancellationToken)
    {
        var request = await db.Set<ContactRequest>().FirstOrDefaultAsync(r => r.Id == requestId && r.ToId == memberId && r.Status == ContactStatus.Pending, cancellationToken);
        if (request is null)
        {
            return new(NotFound);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        request.DecidedAt = now;
        request.Status = accept ? ContactStatus.Accepted : ContactStatus.Declined;
        if (!accept)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new(null);
        }
        var conversation = new Conversation { FirstId = request.FromId, SecondId = request.ToId, CreatedAt = now, LastMessageAt = now };
        db.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        request.ConversationId = conversation.Id;
        db.Add(new ConversationMessage { ConversationId = conversation.Id, SenderId = request.FromId, Text = request.Message, SentAt = request.CreatedAt });
        await db.SaveChangesAsync(cancellationToken);
        var sender = await db.Users.AsNoTracking().Where(m => m.Id == request.FromId).Select(m => new { m.Email, m.Pseudonym }).SingleAsync(cancellationToken);
        await NoticeAsync(sender.Email!, sender.Pseudonym, "Accepted", await PseudonymAsync(memberId, cancellationToken), origin, cancellationToken);
        return new(null, conversation.Id);
    }

    public async Task<Outcome> SendAsync(int memberId, long conversationId, string? text, string origin, CancellationToken cancellationToken)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId && (c.FirstId == memberId || c.SecondId == memberId), cancellationToken);
        if (conversation is null || conversation.Left(memberId))
        {
            return new(NotFound);
        }
        text = text?.Trim() ?? "";
        var now = clock.GetUtcNow().UtcDateTime;
        string? error = !conversation.Open ? "Messages.Closed"
            : text.Length == 0 ? "Messages.MessageRequired"
            : text.Length > MaxLength ? "Messages.TooLong"
            : await db.Set<ConversationMessage>().CountAsync(m => m.SenderId == memberId && m.SentAt > now.AddHours(-1), cancellationToken) >= options.Value.MessagesPerHour ? "Messages.TooManyMessages"
            : null;
        if (error is not null)
        {
            return new(error);
        }
        var message = new ConversationMessage { ConversationId = conversation.Id, SenderId = memberId, Text = text, SentAt = now };
        db.Add(message);
        conversation.LastMessageAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var other = await db.Users.AsNoTracking().Where(m => m.Id == conversation.Other(memberId)).Select(m => new { m.Email, m.Pseudonym }).SingleAsync(cancellationToken);
        await NoticeAsync(other.Email!, other.Pseudonym, "Message", await PseudonymAsync(memberId, cancellationToken), origin, cancellationToken);
        return new(null, message.Id, Experiences.CrisisLanguage.IsCrisis(text));
    }

    /// <summary>Leaves the conversation (it closes for both; the other still reads it); with <paramref name="block"/>, also blocks the other.</summary>
    public async Task<Outcome> LeaveAsync(int memberId, long conversationId, bool block, CancellationToken cancellationToken)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == conversationId && (c.FirstId == memberId || c.SecondId == memberId), cancellationToken);
        if (conversation is null || conversation.Left(memberId))
        {
            return new(NotFound);
        }
        if (conversation.FirstId == memberId)
        {
            conversation.FirstLeft = true;
        }
        else
        {
            conversation.SecondLeft = true;
        }
        var other = conversation.Other(memberId);
        if (block && !await db.Set<MemberBlock>().AnyAsync(b => b.BlockerId == memberId && b.BlockedId == other, cancellationToken))
        {
            db.Add(new MemberBlock { BlockerId = memberId, BlockedId = other, CreatedAt = clock.GetUtcNow().UtcDateTime });
        }
        await db.SaveChangesAsync(cancellationToken);
        return new(null);
    }

    public async Task<Outcome> ReportAsync(int memberId, long conversationId, string? reason, string? note, CancellationToken cancellationToken)
    {
        if (!await db.Set<Conversation>().AnyAsync(c => c.Id == conversationId && ((c.FirstId == memberId && !c.FirstLeft) || (c.SecondId == memberId && !c.SecondLeft)), cancellationToken))
        {
            return new(NotFound);
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        string? error = reason is null || !ReportReasons.Contains(reason) ? "Messages.ReasonRequired"
            : note is { Length: > 2000 } ? "Messages.NoteTooLong"
            : null;
        if (error is not null)
        {
            return new(error);
        }
        db.Add(new ConversationReport { ConversationId = conversationId, ReporterId = memberId, Reason = reason!, Note = note, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return new(null);
    }

    private Task<string> PseudonymAsync(int id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(m => m.Id == id).Select(m => m.Pseudonym).SingleAsync(cancellationToken);

    /// <summary>A notice by mail: who, and a link to /messages; never the message's text.</summary>
    private Task NoticeAsync(string to, string pseudonym, string kind, string from, string origin, CancellationToken cancellationToken)
    {
        var link = origin.TrimEnd('/') + Platform.Languages.Localize("/messages");
        var greeting = strings["Mail.Greeting", pseudonym].Value;
        var body = strings[$"Mail.Messages.{kind}.Body", from].Value;
        var signature = strings["Mail.Signature"].Value;
        var message = new MimeMessage { Subject = strings[$"Mail.Messages.{kind}.Subject", from].Value };
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new BodyBuilder
        {
            TextBody = $"{greeting}\n\n{body}\n\n{link}\n\n{signature}\n",
            HtmlBody = $"<!DOCTYPE html><html><body><p>{WebUtility.HtmlEncode(greeting)}</p><p>{WebUtility.HtmlEncode(body)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p><p>{WebUtility.HtmlEncode(signature)}</p></body></html>",
        }.ToMessageBody();
        return mail.SendAsync(message, cancellationToken);
    }
}
