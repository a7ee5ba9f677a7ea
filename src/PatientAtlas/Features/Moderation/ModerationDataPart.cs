using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// The member's part of moderation: the flags they made, the questions they proposed, the decisions about them and
/// their notifications. On deletion: notifications and pending proposals go; flags stay (their weight counted) without
/// the member (and without the note when they chose to delete their content); approved questions stay (they are pages
/// now), rejected ones go; decisions stay for the moderators without naming the member (and without the removed
/// passage when they chose deletion); decisions they made as a moderator stay under "former member".
/// </summary>
internal sealed class ModerationDataPart : IMemberDataPart
{
    public string Name => "moderation";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken)
    {
        var flags = await db.ExperienceFlags.AsNoTracking().Where(f => f.MemberId == member.Id).OrderBy(f => f.Id)
            .Select(f => new { experience = f.ExperienceId, reason = f.Reason, note = f.Note, weight = f.Weight, createdAt = f.CreatedAt, resolvedAt = f.ResolvedAt })
            .ToListAsync(cancellationToken);
        var proposals = await db.QuestionProposals.AsNoTracking().Where(p => p.MemberId == member.Id).OrderBy(p => p.Id)
            .Select(p => new
            {
                condition = db.Conditions.Where(c => c.Id == p.ConditionId).Select(c => c.Slug).First(),
                title = p.Title, details = p.Details, language = p.Language, status = p.Status, createdAt = p.CreatedAt, decidedAt = p.DecidedAt, reason = p.Reason,
            })
            .ToListAsync(cancellationToken);
        var decisions = await db.ModerationDecisions.AsNoTracking().Where(d => d.MemberId == member.Id).OrderBy(d => d.Id)
            .Select(d => new { at = d.At, subject = d.Subject, subjectId = d.SubjectId, action = d.Action, reason = d.Reason, removedText = d.RemovedText, suspendedUntil = d.SuspendedUntil })
            .ToListAsync(cancellationToken);
        var notifications = await db.MemberNotifications.AsNoTracking().Where(n => n.MemberId == member.Id).OrderBy(n => n.Id)
            .Select(n => new { createdAt = n.CreatedAt, subject = n.Subject, action = n.Action, path = n.Path, reason = n.Reason, readAt = n.ReadAt })
            .ToListAsync(cancellationToken);
        return new
        {
            flags = flags.Select(f => new { f.experience, reason = Flagging.Code(f.reason), f.note, f.weight, f.createdAt, f.resolvedAt }),
            questionProposals = proposals.Select(p => new { p.condition, p.title, p.details, p.language, status = p.status.ToString(), p.createdAt, p.decidedAt, p.reason }),
            decisionsAboutMe = decisions.Select(d => new { d.at, subject = d.subject.ToString(), d.subjectId, action = d.action.ToString(), d.reason, d.removedText, d.suspendedUntil }),
            notifications = notifications.Select(n => new { n.createdAt, subject = n.subject.ToString(), action = n.action.ToString(), n.path, n.reason, n.readAt }),
        };
    }

    public async Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken)
    {
        var delete = choice == ContentChoice.Delete;
        await db.MemberNotifications.Where(n => n.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
        await db.QuestionProposals.Where(p => p.MemberId == member.Id && (p.Status != ProposalStatus.Approved)).ExecuteDeleteAsync(cancellationToken);
        await db.QuestionProposals.Where(p => p.MemberId == member.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.MemberId, (int?)null).SetProperty(p => p.Details, p => delete ? null : p.Details), cancellationToken);
        await db.ExperienceFlags.Where(f => f.MemberId == member.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.MemberId, (int?)null).SetProperty(f => f.Note, f => delete ? null : f.Note), cancellationToken);
        await db.ModerationDecisions.Where(d => d.MemberId == member.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.MemberId, (int?)null).SetProperty(d => d.RemovedText, d => delete ? null : d.RemovedText), cancellationToken);
        await db.ModerationDecisions.Where(d => d.ModeratorId == member.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ModeratorId, (int?)null).SetProperty(d => d.Moderator, MemberContent.FormerMember), cancellationToken);
    }
}
