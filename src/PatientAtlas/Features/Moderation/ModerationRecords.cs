using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Moderation;

/// <summary>What a moderator decided about a queue item (one action per decision).</summary>
public enum ModerationAction
{
    /// <summary>Published (a pending post, a flagged post, a proposed question).</summary>
    Approve = 1,

    /// <summary>Refused with a reason: the post stays for its author and the moderators only; a question is not created.</summary>
    Reject = 2,

    /// <summary>A passage replaced by "[removed by a moderator]", then published; the passage is kept in the decision.</summary>
    Redact = 3,

    /// <summary>Taken off the page (status Hidden).</summary>
    Hide = 4,

    /// <summary>The author may not write for some days; the post is hidden (a reported conversation: the reported member).</summary>
    Suspend = 5,

    /// <summary>A reported conversation: no action (the reporter still hears that moderators looked).</summary>
    Dismiss = 6,

    /// <summary>A reported conversation: the reported member gets a warning (a notification with the moderator's reason).</summary>
    Warn = 7,

    /// <summary>A reported conversation is closed for both: they still read it, nobody writes in it.</summary>
    Close = 8,
}

public enum ModerationSubject
{
    Experience = 1,
    Question = 2,

    /// <summary>A reported conversation (the subject id is the <see cref="Messages.ConversationReport"/>); the member is the one reported.</summary>
    Conversation = 3,

    /// <summary>Only in notifications: the reporter hears that moderators looked at their report (never what they read).</summary>
    Report = 4,

    /// <summary>An organisation or professional profile (the subject id is the organisation's); the member is its keeper.</summary>
    Organisation = 5,
}

/// <summary>
/// One moderation decision: who decided what about which item, when and why. It is the moderators' record of the
/// member's history (earlier decisions show in the queue); a redaction keeps the removed passage here for them.
/// </summary>
public sealed class ModerationDecision
{
    public const int ReasonMaxLength = 1000;

    public long Id { get; set; }
    public DateTime At { get; set; }
    public int? ModeratorId { get; set; }
    public required string Moderator { get; set; }
    public ModerationSubject Subject { get; set; }

    /// <summary>The experience or question proposal decided on (no foreign key: the record outlives the item).</summary>
    public long SubjectId { get; set; }

    /// <summary>The member the decision is about (the author); null once they left.</summary>
    public int? MemberId { get; set; }
    public ModerationAction Action { get; set; }
    public string? Reason { get; set; }

    /// <summary>The passage a redaction removed, for moderators only.</summary>
    public string? RemovedText { get; set; }

    /// <summary>For a suspension: until when.</summary>
    public DateTime? SuspendedUntil { get; set; }
}

/// <summary>A message to a member about what happened to something they wrote (shown on their account page).</summary>
public sealed class MemberNotification
{
    public long Id { get; set; }
    public int MemberId { get; set; }
    public DateTime CreatedAt { get; set; }
    public ModerationSubject Subject { get; set; }
    public ModerationAction Action { get; set; }

    /// <summary>Where the item lives (a question page), when it has a page.</summary>
    public string? Path { get; set; }

    /// <summary>The moderator's reason, in their words.</summary>
    public string? Reason { get; set; }
    public DateTime? SuspendedUntil { get; set; }
    public DateTime? ReadAt { get; set; }
}

public sealed class ModerationDecisionConfiguration : IEntityTypeConfiguration<ModerationDecision>
{
    public void Configure(EntityTypeBuilder<ModerationDecision> builder)
    {
        builder.ToTable("ModerationDecisions");
        builder.Property(d => d.Moderator).HasMaxLength(60);
        builder.Property(d => d.Reason).HasMaxLength(ModerationDecision.ReasonMaxLength);
        builder.Property(d => d.RemovedText).HasMaxLength(20000);
        builder.HasIndex(d => new { d.Subject, d.SubjectId });
        builder.HasIndex(d => d.MemberId);
        builder.HasOne<Member>().WithMany().HasForeignKey(d => d.ModeratorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Member>().WithMany().HasForeignKey(d => d.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class MemberNotificationConfiguration : IEntityTypeConfiguration<MemberNotification>
{
    public void Configure(EntityTypeBuilder<MemberNotification> builder)
    {
        builder.ToTable("MemberNotifications");
        builder.Property(n => n.Path).HasMaxLength(400);
        builder.Property(n => n.Reason).HasMaxLength(ModerationDecision.ReasonMaxLength);
        builder.HasIndex(n => new { n.MemberId, n.CreatedAt });
        builder.HasOne<Member>().WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
