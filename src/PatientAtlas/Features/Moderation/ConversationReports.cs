using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Audit;
using PatientAtlas.Features.Messages;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// Reported conversations in the moderation queue, and the decisions about them (the queue page and the API both come
/// here). Moderators read a private conversation only because one of its two members reported it: they see the last
/// <see cref="MessagesShown"/> messages sent up to the report (nothing written after it), and every time a moderator is
/// shown them, an audit entry says who, which report and how many messages (never their text).
/// Decisions: dismiss, warn the reported member, suspend them (the posts' suspension code in <see cref="Deciding"/>), or
/// close the conversation for both. The reporter always hears that moderators looked, never what they read; mails
/// never carry a message's text.
/// </summary>
public sealed class ConversationReports(AtlasDb db, ModerationQueue queue, Deciding deciding, TimeProvider clock)
{
    /// <summary>The most messages a moderator sees of a reported conversation: the last ones before the report.</summary>
    public const int MessagesShown = 20;

    public static readonly IReadOnlyDictionary<string, ModerationAction> Codes = new Dictionary<string, ModerationAction>(StringComparer.Ordinal)
    {
        ["dismiss"] = ModerationAction.Dismiss,
        ["warn"] = ModerationAction.Warn,
        ["suspend"] = ModerationAction.Suspend,
        ["close"] = ModerationAction.Close,
    };

    public sealed record Message(bool FromReported, string From, string Text, DateTime SentAt);

    /// <summary>A report waiting for a decision; <see cref="Earlier"/> counts the messages before those shown.</summary>
    public sealed record Item(
        long Id, long ConversationId, bool Urgent, DateTime ReportedAt, string Reason, string? Note, string Reporter, ModerationQueue.Author Reported,
        bool ConversationOpen, IReadOnlyList<Message> Messages, int Earlier);

    /// <summary>
    /// The open reports, urgent first (threat, self-harm) then the oldest; records that this moderator was shown them. A
    /// report of a conversation the moderator is in (about them, or by them) is not theirs to read or decide.
    /// </summary>
    public async Task<IReadOnlyList<Item>> ListAsync(int moderatorId, string moderator, CancellationToken cancellationToken)
    {
        var reports = await db.Set<ConversationReport>().AsNoTracking().Where(r => r.ResolvedAt == null)
            .Join(db.Set<Conversation>(), r => r.ConversationId, c => c.Id, (r, c) => new { Report = r, Conversation = c })
            .Where(x => x.Conversation.FirstId != moderatorId && x.Conversation.SecondId != moderatorId)
            .OrderByDescending(x => ContactWrites.UrgentReasons.Contains(x.Report.Reason)).ThenBy(x => x.Report.CreatedAt).ThenBy(x => x.Report.Id)
            .Take(ModerationQueue.PageSize)
            .ToListAsync(cancellationToken);
        if (reports.Count == 0)
        {
            return [];
        }
        var memberIds = reports.SelectMany(r => new[] { r.Conversation.FirstId, r.Conversation.SecondId }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Pseudonym, cancellationToken);
        var authors = await queue.AuthorsAsync(reports.Select(r => (int?)r.Conversation.Other(r.Report.ReporterId)), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var items = new List<Item>(reports.Count);
        foreach (var r in reports)
        {
            var before = db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == r.Conversation.Id && m.SentAt <= r.Report.CreatedAt);
            var shown = (await before.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(MessagesShown)
                    .Select(m => new { m.SenderId, m.Text, m.SentAt }).ToListAsync(cancellationToken))
                .AsEnumerable().Reverse().ToList();
            var total = await before.CountAsync(cancellationToken);
            var reportedId = r.Conversation.Other(r.Report.ReporterId);
            var reported = authors.TryGetValue(reportedId, out var a) ? a : new ModerationQueue.Author(reportedId, names.GetValueOrDefault(reportedId, ""), null, null, null, [], null);
            items.Add(new Item(
                r.Report.Id, r.Conversation.Id, ContactWrites.UrgentReasons.Contains(r.Report.Reason), r.Report.CreatedAt, r.Report.Reason, r.Report.Note,
                names.GetValueOrDefault(r.Report.ReporterId, ""), reported, r.Conversation.Open,
                [.. shown.Select(m => new Message(m.SenderId == reportedId, names.GetValueOrDefault(m.SenderId, ""), m.Text, m.SentAt))], total - shown.Count));
            AuditTrail.Record(db, now, moderatorId, moderator, "moderation.conversation.viewed", reportedId, reported.Pseudonym,
                $"conversation report {r.Report.Id}; conversation {r.Conversation.Id}; {shown.Count} messages shown");
        }
        await db.SaveChangesAsync(cancellationToken);
        return items;
    }

    /// <summary>The input's first problem (field, resource key), or null.</summary>
    public static (string Field, string Key)? Check(Deciding.Request request)
    {
        if (request.Action is null || !Codes.TryGetValue(request.Action, out var action))
        {
            return ("action", "Moderation.ActionRequired");
        }
        if (request.Reason is { Length: > ModerationDecision.ReasonMaxLength })
        {
            return ("reason", "Moderation.ReasonTooLong");
        }
        if (action is ModerationAction.Warn or ModerationAction.Suspend && string.IsNullOrWhiteSpace(request.Reason))
        {
            return ("reason", "Moderation.ReasonRequired");
        }
        if (action == ModerationAction.Suspend && request.Days is not (>= 1 and <= Deciding.MaxSuspensionDays))
        {
            return ("days", "Moderation.DaysRange");
        }
        return null;
    }

    /// <summary>
    /// Decides report <paramref name="id"/>. Claiming it is a conditional update (still open?) inside the transaction, so
    /// that of two moderators deciding at once, the second finds it <see cref="Deciding.Outcome.AlreadyDecided"/> and
    /// changes nothing.
    /// </summary>
    public async Task<Deciding.Result> DecideAsync(long id, Deciding.Request request, int moderatorId, string moderator, string origin, CancellationToken cancellationToken)
    {
        if (Check(request) is { } problem)
        {
            return new(Deciding.Outcome.Invalid, problem.Field, problem.Key);
        }
        if (await db.Set<ConversationReport>().Where(r => r.Id == id)
            .Join(db.Set<Conversation>(), r => r.ConversationId, c => c.Id, (r, c) => c)
            .AnyAsync(c => c.FirstId == moderatorId || c.SecondId == moderatorId, cancellationToken))
        {
            return new(Deciding.Outcome.OwnCase);
        }
        var action = Codes[request.Action!];
        var now = clock.GetUtcNow().UtcDateTime;
        Accounts.Member? reported;
        Accounts.Member? reporter;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await db.Set<ConversationReport>().Where(r => r.Id == id && r.ResolvedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ResolvedAt, now), cancellationToken) == 0)
            {
                return new(await db.Set<ConversationReport>().AnyAsync(r => r.Id == id, cancellationToken) ? Deciding.Outcome.AlreadyDecided : Deciding.Outcome.NotFound);
            }
            var report = await db.Set<ConversationReport>().AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.Id == report.ConversationId, cancellationToken);
            var reportedId = conversation.Other(report.ReporterId);
            reported = await db.Users.SingleAsync(m => m.Id == reportedId, cancellationToken);
            reporter = await db.Users.AsNoTracking().SingleAsync(m => m.Id == report.ReporterId, cancellationToken);
            // The same reporter's other open reports of this conversation are answered by this decision too.
            await db.Set<ConversationReport>().Where(r => r.ConversationId == conversation.Id && r.ReporterId == report.ReporterId && r.ResolvedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ResolvedAt, now), cancellationToken);
            if (action == ModerationAction.Close)
            {
                conversation.ClosedByModeratorsAt ??= now;
            }
            var path = action == ModerationAction.Close ? $"/messages/{conversation.Id}" : null;
            deciding.Record(ModerationSubject.Conversation, id, action, request, reported, null, moderatorId, moderator, now, path,
                notifyMember: action != ModerationAction.Dismiss);
            db.MemberNotifications.Add(new MemberNotification
            {
                MemberId = reporter.Id, CreatedAt = now, Subject = ModerationSubject.Report, Action = action,
                Path = action == ModerationAction.Close && !conversation.Left(reporter.Id) ? path : null,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (action != ModerationAction.Dismiss)
        {
            await deciding.NotifyByMailAsync(reported, ModerationSubject.Conversation, action, Languages.Default, origin, cancellationToken);
        }
        await deciding.NotifyByMailAsync(reporter, ModerationSubject.Report, action, Languages.Default, origin, cancellationToken);
        return new(Deciding.Outcome.Done);
    }
}
