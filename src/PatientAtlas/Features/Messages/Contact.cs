using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Messages;

public enum ContactStatus
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
}

/// <summary>A member asks another to talk, with a short message; only an accepted request opens a conversation.</summary>
public sealed class ContactRequest
{
    public long Id { get; set; }
    public int FromId { get; set; }
    public int ToId { get; set; }
    public required string Message { get; set; }
    public ContactStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public long? ConversationId { get; set; }
}

/// <summary>Two members' private conversation. A member who left (or blocked the other) no longer sees it; nobody can write in it any more.</summary>
public sealed class Conversation
{
    public long Id { get; set; }
    public int FirstId { get; set; }
    public int SecondId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastMessageAt { get; set; }
    public bool FirstLeft { get; set; }
    public bool SecondLeft { get; set; }

    /// <summary>When moderators closed it after a report: both still read it, nobody writes in it, and neither can ask the other again.</summary>
    public DateTime? ClosedByModeratorsAt { get; set; }

    public bool Has(int memberId) => FirstId == memberId || SecondId == memberId;

    public int Other(int memberId) => FirstId == memberId ? SecondId : FirstId;

    public bool Left(int memberId) => FirstId == memberId ? FirstLeft : SecondLeft;

    public bool Open => !FirstLeft && !SecondLeft && ClosedByModeratorsAt is null;
}

public sealed class ConversationMessage
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public int SenderId { get; set; }
    public required string Text { get; set; }
    public DateTime SentAt { get; set; }
}

/// <summary>A member blocks another: no request either way, and their conversation closes.</summary>
public sealed class MemberBlock
{
    public int BlockerId { get; set; }
    public int BlockedId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// "Report to moderators" of a conversation: it waits in the moderation queue (Features/Moderation/ConversationReports.cs)
/// until a moderator decides. The reporter agrees that moderators read that conversation, up to the report;
/// <see cref="ResolvedAt"/> is set by the moderator's decision.
/// </summary>
public sealed class ConversationReport
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public int ReporterId { get; set; }
    public required string Reason { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

public sealed class ContactConfiguration :
    IEntityTypeConfiguration<ContactRequest>, IEntityTypeConfiguration<Conversation>, IEntityTypeConfiguration<ConversationMessage>,
    IEntityTypeConfiguration<MemberBlock>, IEntityTypeConfiguration<ConversationReport>
{
    public void Configure(EntityTypeBuilder<ContactRequest> builder)
    {
        builder.ToTable("ContactRequests");
        builder.HasIndex(r => new { r.ToId, r.Status });
        builder.HasIndex(r => new { r.FromId, r.CreatedAt });
        builder.Property(r => r.Message).HasMaxLength(100_000);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.FromId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.ToId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.HasIndex(c => new { c.FirstId, c.SecondId });
        builder.HasIndex(c => c.SecondId);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.FirstId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.SecondId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.ToTable("ConversationMessages");
        builder.HasIndex(m => new { m.ConversationId, m.Id });
        builder.HasIndex(m => new { m.SenderId, m.SentAt });
        builder.Property(m => m.Text).HasMaxLength(100_000);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<MemberBlock> builder)
    {
        builder.ToTable("MemberBlocks");
        builder.HasKey(b => new { b.BlockerId, b.BlockedId });
        builder.HasIndex(b => b.BlockedId);
        builder.HasOne<Member>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ConversationReport> builder)
    {
        builder.ToTable("ConversationReports");
        builder.HasIndex(r => r.ResolvedAt);
        builder.Property(r => r.Reason).HasMaxLength(40);
        builder.Property(r => r.Note).HasMaxLength(2000);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}
