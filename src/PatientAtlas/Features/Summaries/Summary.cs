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

    /// <summary>A reviewer sent it back to its editors with comments; editing it makes it a draft again.</summary>
    ChangesRequested = 5,
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

    /// <summary>Changes on every save and state change: a save or an approval of what someone no longer sees is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The editors' one line on what changed, shown in the public history.</summary>
    public string? ChangeNote { get; set; }

    public DateTime? UpdatedAt { get; set; }

    /// <summary>The revision this one was restored from (a restore makes a new draft; history is never rewritten).</summary>
    public int? RestoredFromId { get; set; }

    /// <summary>The members who wrote or edited this revision's text: none of them may approve it.</summary>
    public List<RevisionContributor> Contributors { get; set; } = [];
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

    /// <summary>When an editor last read the source.</summary>
    public DateOnly? AccessedOn { get; set; }
}

public sealed class Reviewer
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string FullName { get; set; }
    public required string Credentials { get; set; }
    public string? Bio { get; set; }
    public bool IsDemo { get; set; }

    /// <summary>The account that reviews under this profile; an admin links them when granting the reviewer role.</summary>
    public int? MemberId { get; set; }
    public string? Specialty { get; set; }

    /// <summary>A professional registration number (shown on the profile when given).</summary>
    public string? RegistrationNumber { get; set; }
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
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.ChangeNote).HasMaxLength(300);
        builder.HasMany(r => r.Contributors).WithOne().HasForeignKey(c => c.SummaryRevisionId).OnDelete(DeleteBehavior.Cascade);
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
        builder.Property(r => r.Specialty).HasMaxLength(200);
        builder.Property(r => r.RegistrationNumber).HasMaxLength(100);
        builder.Property(r => r.Bio).HasMaxLength(2000);
        builder.HasIndex(r => r.MemberId).IsUnique();
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}
