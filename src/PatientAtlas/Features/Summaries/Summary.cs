using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Summaries;

public enum SummaryStatus
{
    Draft = 1,
    InReview = 2,
    Published = 3,
    Superseded = 4,
}

/// <summary>A medically reviewed summary of one question in one language; its text lives in revisions.</summary>
public sealed class Summary
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    public required string Language { get; set; }
    public bool IsDemo { get; set; }
    public bool IsSynthetic { get; set; }
    public List<SummaryRevision> Revisions { get; set; } = [];
}

public sealed class SummaryRevision
{
    public int Id { get; set; }
    public int SummaryId { get; set; }
    public SummaryStatus Status { get; set; }
    public required string ShortAnswer { get; set; }

    /// <summary>Sections in Markdown: each "## " heading starts a section; ":::caution" blocks are set apart.</summary>
    public required string BodyMarkdown { get; set; }

    public required string AuthorName { get; set; }
    public int? ReviewerId { get; set; }
    public Reviewer? Reviewer { get; set; }
    public DateOnly? ReviewedOn { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public DateOnly? NextReviewDue { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<Citation> Citations { get; set; } = [];
}

public sealed class Citation
{
    public int Id { get; set; }
    public int SummaryRevisionId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string? Url { get; set; }
    public string? PubMedId { get; set; }
    public string? Doi { get; set; }
}

public sealed class Reviewer
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string FullName { get; set; }
    public required string Credentials { get; set; }
    public string? Bio { get; set; }
    public bool IsDemo { get; set; }
}

public sealed class SummaryConfiguration : IEntityTypeConfiguration<Summary>
{
    public void Configure(EntityTypeBuilder<Summary> builder)
    {
        builder.Property(s => s.Language).HasMaxLength(10);
        builder.HasIndex(s => new { s.QuestionId, s.Language }).IsUnique();
        builder.HasOne<Question>().WithMany().HasForeignKey(s => s.QuestionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.SummaryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SummaryRevisionConfiguration : IEntityTypeConfiguration<SummaryRevision>
{
    public void Configure(EntityTypeBuilder<SummaryRevision> builder)
    {
        builder.Property(r => r.AuthorName).HasMaxLength(200);
        builder.HasIndex(r => new { r.SummaryId, r.Status });
        builder.HasOne(r => r.Reviewer).WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Citations).WithOne().HasForeignKey(c => c.SummaryRevisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CitationConfiguration : IEntityTypeConfiguration<Citation>
{
    public void Configure(EntityTypeBuilder<Citation> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(1000);
        builder.Property(c => c.Url).HasMaxLength(2000);
        builder.Property(c => c.PubMedId).HasMaxLength(20);
        builder.Property(c => c.Doi).HasMaxLength(200);
    }
}

public sealed class ReviewerConfiguration : IEntityTypeConfiguration<Reviewer>
{
    public void Configure(EntityTypeBuilder<Reviewer> builder)
    {
        builder.Property(r => r.Slug).HasMaxLength(200);
        builder.HasIndex(r => r.Slug).IsUnique();
        builder.Property(r => r.FullName).HasMaxLength(200);
        builder.Property(r => r.Credentials).HasMaxLength(200);
    }
}
