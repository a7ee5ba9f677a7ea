using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Catalog;

namespace PatientAtlas.Features.Questions;

public enum ProposalStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// A question a member asked about a condition when no standard one fits. It waits for a moderator, who publishes it
/// as a <see cref="Question"/> of its own (with its own page) or rejects it with a reason.
/// </summary>
public sealed class QuestionProposal
{
    public const int TitleMaxLength = 200;
    public const int DetailsMaxLength = 2000;

    public long Id { get; set; }
    public int ConditionId { get; set; }

    /// <summary>Null once the member deleted their account (a pending proposal goes with it; a decided one stays).</summary>
    public int? MemberId { get; set; }
    public required string Title { get; set; }
    public string? Details { get; set; }

    /// <summary>The language the member wrote in (and is told of the decision in).</summary>
    public required string Language { get; set; }
    public ProposalStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The published question, once approved.</summary>
    public int? QuestionId { get; set; }

    /// <summary>The moderator's reason, when rejected (shown to the member).</summary>
    public string? Reason { get; set; }
    public bool IsDemo { get; set; }
}

public sealed class QuestionProposalConfiguration : IEntityTypeConfiguration<QuestionProposal>
{
    public void Configure(EntityTypeBuilder<QuestionProposal> builder)
    {
        builder.ToTable("QuestionProposals");
        builder.Property(p => p.Title).HasMaxLength(QuestionProposal.TitleMaxLength);
        builder.Property(p => p.Details).HasMaxLength(QuestionProposal.DetailsMaxLength);
        builder.Property(p => p.Language).HasMaxLength(10);
        builder.Property(p => p.Reason).HasMaxLength(1000);
        builder.HasIndex(p => new { p.Status, p.CreatedAt });
        builder.HasIndex(p => p.MemberId);
        builder.HasOne<Condition>().WithMany().HasForeignKey(p => p.ConditionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Question>().WithMany().HasForeignKey(p => p.QuestionId).OnDelete(DeleteBehavior.SetNull);
    }
}
