using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Editorial;

public enum CommentKind
{
    Comment = 1,
    ChangesRequested = 2,
    Approved = 3,
}

/// <summary>A reviewer's (or editor's) comment on a revision, on the whole text or on one section.</summary>
public sealed class ReviewComment
{
    public long Id { get; set; }
    public int SummaryRevisionId { get; set; }

    /// <summary>Null once its writer deleted their account (the comment stays, by "a former member").</summary>
    public int? MemberId { get; set; }
    public CommentKind Kind { get; set; }

    /// <summary>The section heading it is about, or null for the whole text.</summary>
    public string? Section { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public const int TextMaxLength = 4000;

    public void Configure(EntityTypeBuilder<ReviewComment> builder)
    {
        builder.ToTable("ReviewComments");
        builder.Property(c => c.Section).HasMaxLength(200);
        builder.Property(c => c.Text).HasMaxLength(TextMaxLength);
        builder.HasIndex(c => c.SummaryRevisionId);
        builder.HasIndex(c => c.MemberId);
        builder.HasOne<SummaryRevision>().WithMany().HasForeignKey(c => c.SummaryRevisionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}
