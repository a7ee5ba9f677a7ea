using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Audit;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// A moderator's decision on a queue item (the queue page and the API both come here). In one transaction through
/// the save pipeline: the item changes (status, text, counts, search, cached pages), its open flags are
/// resolved, a <see cref="ModerationDecision"/> and an audit entry are written and the member is notified; after the
/// commit the member gets an email. A second moderator deciding the same item meets <see cref="Outcome.AlreadyDecided"/>
/// and changes nothing. Nobody judges their own case: a moderator's decision on their own post or proposal is
/// <see cref="Outcome.OwnCase"/> and changes nothing (another moderator decides it).
/// </summary>
public sealed class Deciding(AtlasDb db, ModerationMail mail, TimeProvider clock)
{
    public const string Removed = "[removed by a moderator]";
    public const int MaxSuspensionDays = 365;

    public enum Outcome
    {
        Done,
        NotFound,
        AlreadyDecided,
        Invalid,

        /// <summary>The item is the moderator's own (their post, their proposal, a conversation they are in).</summary>
        OwnCase,
    }

    /// <summary>The code of the refusal of a moderator's own case, on the page and in the API's problem.</summary>
    public const string OwnCaseCode = "Moderation.OwnCase";

    /// <summary>A decision as the form or the API sends it.</summary>
    public sealed record Request(string? Action, string? Reason, string? Passage, int? Days);

    public sealed record Result(Outcome Outcome, string? Field = null, string? Key = null);

    public static readonly IReadOnlyDictionary<string, ModerationAction> Codes = new Dictionary<string, ModerationAction>(StringComparer.Ordinal)
    {
        ["approve"] = ModerationAction.Approve,
        ["reject"] = ModerationAction.Reject,
        ["redact"] = ModerationAction.Redact,
        ["hide"] = ModerationAction.Hide,
        ["suspend"] = ModerationAction.Suspend,
    };

    /// <summary>The input's first problem (field, resource key) for this kind of item, or null.</summary>
    public static (string Field, string Key)? Check(ModerationSubject subject, Request request)
    {
        if (request.Action is null || !Codes.TryGetValue(request.Action, out var action)
            || subject == ModerationSubject.Question && action is not (ModerationAction.Approve or ModerationAction.Reject))
        {
            return ("action", "Moderation.ActionRequired");
        }
        if (request.Reason is { Length: > ModerationDecision.ReasonMaxLength })
        {
            return ("reason", "Moderation.ReasonTooLong");
        }
        if (action is ModerationAction.Reject or ModerationAction.Suspend && string.IsNullOrWhiteSpace(request.Reason))
        {
            return ("reason", "Moderation.ReasonRequired");
        }
        if (action == ModerationAction.Redact && string.IsNullOrWhiteSpace(request.Passage))
        {
            return ("passage", "Moderation.PassageRequired");
        }
        if (action == ModerationAction.Suspend && request.Days is not (>= 1 and <= MaxSuspensionDays))
        {
            return ("days", "Moderation.DaysRange");
        }
        return null;
    }

    /// <summary>
    /// An experience still waits for a decision: pending, hidden by flags, or published with open flags (of any weight:
    /// a new member's flag weighs nothing toward hiding, yet a moderator reads it).
    /// </summary>
    public static IQueryable<Experience> Open(IQueryable<Experience> experiences, IQueryable<Community.ExperienceFlag> flags) =>
        experiences.Where(e => e.Status == ExperienceStatus.Pending
            || e.Status == ExperienceStatus.Hidden && e.HoldReasons != null && e.HoldReasons.Contains(HoldReasons.Flagged)
            || e.Status == ExperienceStatus.Published && flags.Any(f => f.ExperienceId == e.Id && f.ResolvedAt == null));

    public async Task<Result> DecideExperienceAsync(long id, Request request, int moderatorId, string moderator, string origin, CancellationToken cancellationToken)
    {
        if (Check(ModerationSubject.Experience, request) is { } problem)
        {
            return new(Outcome.Invalid, problem.Field, problem.Key);
        }
        if (await db.Experiences.AnyAsync(e => e.Id == id && e.MemberId == moderatorId, cancellationToken))
        {
            return new(Outcome.OwnCase);
        }
        var action = Codes[request.Action!];
        var now = clock.GetUtcNow().UtcDateTime;
        Accounts.Member? author;
        string path;
        string language;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Claims the item: the row lock (PostgreSQL; SQLite writes one at a time) and the check that it is still open,
            // so that of two moderators deciding at once, the second finds it decided.
            if (await Open(db.Experiences.Where(e => e.Id == id), db.ExperienceFlags).ExecuteUpdateAsync(u => u.SetProperty(e => e.FlagWeight, e => e.FlagWeight), cancellationToken) == 0)
            {
                return new(await db.Experiences.AnyAsync(e => e.Id == id, cancellationToken) ? Outcome.AlreadyDecided : Outcome.NotFound);
            }
            var experience = await db.Experiences.SingleAsync(e => e.Id == id, cancellationToken);
            author = experience.MemberId is { } memberId ? await db.Users.SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken) : null;
            string? removed = null;
            switch (action)
            {
                case ModerationAction.Approve:
                    experience.Status = ExperienceStatus.Published;
                    experience.HoldReasons = null;
                    break;
                case ModerationAction.Reject:
                    experience.Status = ExperienceStatus.Rejected;
                    break;
                case ModerationAction.Redact:
                    var passage = request.Passage!.Trim();
                    if (!experience.Text.Contains(passage, StringComparison.Ordinal))
                    {
                        return new(Outcome.Invalid, "passage", "Moderation.PassageNotFound");
                    }
                    removed = passage;
                    experience.Text = experience.Text.Replace(passage, Removed, StringComparison.Ordinal);
                    experience.Status = ExperienceStatus.Published;
                    experience.HoldReasons = null;
                    break;
                case ModerationAction.Hide:
                    experience.Status = ExperienceStatus.Hidden;
                    experience.HoldReasons = null;
                    break;
                case ModerationAction.Suspend:
                    if (author is null)
                    {
                        return new(Outcome.Invalid, "action", "Moderation.NoMember");
                    }
                    experience.Status = ExperienceStatus.Hidden;
                    experience.HoldReasons = null;
                    break;
            }
            experience.Urgent = false;
            experience.FlagWeight = 0;
            await db.ExperienceFlags.Where(f => f.ExperienceId == id && f.ResolvedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(f => f.ResolvedAt, now), cancellationToken);
            var place = await db.Questions.Where(q => q.Id == experience.QuestionId)
                .Select(q => new { q.Slug, Condition = db.Conditions.Where(c => c.Id == q.ConditionId).Select(c => c.Slug).First() })
                .SingleAsync(cancellationToken);
            path = $"/conditions/{place.Condition}/{place.Slug}";
            language = experience.Language;
            Record(ModerationSubject.Experience, id, action, request, author, removed, moderatorId, moderator, now, path);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await NotifyByMailAsync(author, ModerationSubject.Experience, action, language, origin, cancellationToken);
        return new(Outcome.Done);
    }

    public async Task<Result> DecideQuestionAsync(long id, Request request, int moderatorId, string moderator, string origin, CancellationToken cancellationToken)
    {
        if (Check(ModerationSubject.Question, request) is { } problem)
        {
            return new(Outcome.Invalid, problem.Field, problem.Key);
        }
        if (await db.QuestionProposals.AnyAsync(p => p.Id == id && p.MemberId == moderatorId, cancellationToken))
        {
            return new(Outcome.OwnCase);
        }
        var action = Codes[request.Action!];
        var now = clock.GetUtcNow().UtcDateTime;
        Accounts.Member? author;
        string language;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await db.QuestionProposals.Where(p => p.Id == id && p.Status == ProposalStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.DecidedAt, now), cancellationToken) == 0)
            {
                return new(await db.QuestionProposals.AnyAsync(p => p.Id == id, cancellationToken) ? Outcome.AlreadyDecided : Outcome.NotFound);
            }
            var proposal = await db.QuestionProposals.SingleAsync(p => p.Id == id, cancellationToken);
            author = proposal.MemberId is { } memberId ? await db.Users.SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken) : null;
            language = proposal.Language;
            proposal.DecidedAt = now;
            string? path = null;
            Question? question = null;
            if (action == ModerationAction.Approve)
            {
                var conditionSlug = await db.Conditions.Where(c => c.Id == proposal.ConditionId).Select(c => c.Slug).SingleAsync(cancellationToken);
                var taken = (await db.Questions.Where(q => q.ConditionId == proposal.ConditionId).Select(q => q.Slug).ToListAsync(cancellationToken))
                    .Concat(QuestionTemplates.Keys).Concat(AskRoutes.Reserved).ToHashSet(StringComparer.Ordinal);
                question = new Question
                {
                    ConditionId = proposal.ConditionId, Slug = Slugs.Unique(proposal.Title, null, taken.Contains), CustomText = proposal.Title, IsDemo = proposal.IsDemo,
                };
                db.Questions.Add(question);
                proposal.Status = ProposalStatus.Approved;
                path = $"/conditions/{conditionSlug}/{question.Slug}";
            }
            else
            {
                proposal.Status = ProposalStatus.Rejected;
                proposal.Reason = request.Reason!.Trim();
            }
            Record(ModerationSubject.Question, id, action, request, author, null, moderatorId, moderator, now, path);
            await db.SaveChangesAsync(cancellationToken);
            if (question is not null)
            {
                proposal.QuestionId = question.Id;
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await NotifyByMailAsync(author, ModerationSubject.Question, action, language, origin, cancellationToken);
        return new(Outcome.Done);
    }

    /// <summary>
    /// The decision's records, shared by every kind of item: a suspension of <paramref name="author"/> (the reported
    /// member for a conversation), the <see cref="ModerationDecision"/>, the audit entry (no content) and, unless
    /// <paramref name="notifyMember"/> is false, the member's notification.
    /// </summary>
    internal void Record(ModerationSubject subject, long id, ModerationAction action, Request request, Accounts.Member? author, string? removed,
        int moderatorId, string moderator, DateTime now, string? path, bool notifyMember = true)
    {
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        DateTime? until = action == ModerationAction.Suspend ? now.AddDays(request.Days!.Value) : null;
        if (author is not null && until is { } end)
        {
            author.SuspendedUntil = author.SuspendedUntil > end ? author.SuspendedUntil : end;
            author.WasSuspended = true;
        }
        db.ModerationDecisions.Add(new ModerationDecision
        {
            At = now, ModeratorId = moderatorId, Moderator = moderator, Subject = subject, SubjectId = id, MemberId = author?.Id,
            Action = action, Reason = reason, RemovedText = removed, SuspendedUntil = until,
        });
        var name = subject.ToString().ToLowerInvariant();
        AuditTrail.Record(db, now, moderatorId, moderator, $"moderation.{name}.{action.ToString().ToLowerInvariant()}", author?.Id, author?.Pseudonym,
            (subject == ModerationSubject.Conversation ? $"conversation report {id}" : $"{name} {id}") + (until is { } u ? $"; suspended until {u:yyyy-MM-dd HH:mm}" : "") + (reason is null ? "" : "; reason: " + reason));
        if (author is not null && notifyMember)
        {
            db.MemberNotifications.Add(new MemberNotification
            {
                MemberId = author.Id, CreatedAt = now, Subject = subject, Action = action, Path = path, Reason = reason, SuspendedUntil = until,
            });
        }
    }

    internal async Task NotifyByMailAsync(Accounts.Member? author, ModerationSubject subject, ModerationAction action, string language, string origin, CancellationToken cancellationToken)
    {
        if (author?.Email is { } email && !author.IsDemo)
        {
            await mail.SendAsync(email, author.Pseudonym, subject, action, language, origin, cancellationToken);
        }
    }
}
