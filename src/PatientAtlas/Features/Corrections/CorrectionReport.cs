using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Corrections;

public enum ReportKind
{
    /// <summary>"Report an error in this summary", sent from a question page.</summary>
    Correction = 1,

    /// <summary>A message sent from the contact page.</summary>
    Message = 2,

    /// <summary>"Ask the editors for a reviewed summary" of a question that has none: counted per page, most-wanted first.</summary>
    SummaryRequest = 3,
}

/// <summary>
/// What a reader sent the editors: an error in a summary or a message. Stored as sent, read by editors (the editorial
/// dashboard lists the open ones); the email address is optional and used only to answer.
/// </summary>
public sealed class CorrectionReport
{
    public const int MaxMessageLength = 4000;
    public const int MaxEmailLength = 254;

    public long Id { get; set; }
    public ReportKind Kind { get; set; }

    /// <summary>The question whose summary is reported; null for a message from the contact page.</summary>
    public int? QuestionId { get; set; }
    public Question? Question { get; set; }

    /// <summary>The language-neutral path of the page the report is about ("/conditions/hemifacial-spasm/diet").</summary>
    public required string PagePath { get; set; }

    /// <summary>The language the reader was reading in.</summary>
    public required string Language { get; set; }

    public required string Message { get; set; }
    public string? Email { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When an editor closed it; null while it is open.</summary>
    public DateTime? HandledAt { get; set; }
}

public sealed class CorrectionReportConfiguration : IEntityTypeConfiguration<CorrectionReport>
{
    public void Configure(EntityTypeBuilder<CorrectionReport> builder)
    {
        builder.Property(r => r.PagePath).HasMaxLength(400);
        builder.Property(r => r.Language).HasMaxLength(8);
        builder.Property(r => r.Message).HasMaxLength(CorrectionReport.MaxMessageLength);
        builder.Property(r => r.Email).HasMaxLength(CorrectionReport.MaxEmailLength);
        builder.HasOne(r => r.Question).WithMany().HasForeignKey(r => r.QuestionId).OnDelete(DeleteBehavior.SetNull);
        // The editors' list: open reports, oldest first.
        builder.HasIndex(r => new { r.HandledAt, r.CreatedAt });
    }
}
