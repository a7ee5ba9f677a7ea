using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Experiences;

public enum Relation
{
    Affected = 1,
    FamilyAndFriends = 2,
    Caregiver = 3,
    Professional = 4,
    Researcher = 5,
    Organisation = 6,
}

public enum ExperienceStatus
{
    Pending = 1,
    Published = 2,
    Hidden = 3,
    Removed = 4,
}

public sealed class Experience
{
    public long Id { get; set; }
    public int QuestionId { get; set; }
    public int ConditionId { get; set; }
    public required string AuthorPseudonym { get; set; }

    /// <summary>The member who wrote it; null for demo, synthetic and anonymized content (a deleted account keeps none).</summary>
    public int? MemberId { get; set; }
    public Relation Relation { get; set; }
    public required string Text { get; set; }
    public required string Language { get; set; }
    public ExperienceStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public int HelpfulCount { get; set; }
    public bool IsDemo { get; set; }
    public bool IsSynthetic { get; set; }
    public List<TriedEntry> Tried { get; set; } = [];
}

public enum Outcome
{
    Helped = 1,
    NoChange = 2,
    Worse = 3,
}

/// <summary>One thing a member tried, and how it went.</summary>
public sealed class TriedEntry
{
    public long Id { get; set; }
    public long ExperienceId { get; set; }
    public required string Intervention { get; set; }

    /// <summary>Lower-case, trimmed intervention used to aggregate reports of the same thing.</summary>
    public required string InterventionKey { get; set; }

    public Outcome Outcome { get; set; }
    public string? Duration { get; set; }
    public string? SideEffects { get; set; }
}

public sealed class ExperienceConfiguration : IEntityTypeConfiguration<Experience>
{
    public void Configure(EntityTypeBuilder<Experience> builder)
    {
        builder.Property(e => e.AuthorPseudonym).HasMaxLength(60);
        builder.Property(e => e.Language).HasMaxLength(10);
        builder.Property(e => e.Text).HasMaxLength(20000);
        // Keyset paging: (question, status, created desc, id desc) and (question, status, helpful desc, id desc).
        builder.HasIndex(e => new { e.QuestionId, e.Status, e.CreatedAt, e.Id });
        builder.HasIndex(e => new { e.QuestionId, e.Status, e.HelpfulCount, e.Id });
        builder.HasIndex(e => new { e.Status, e.CreatedAt });
        builder.HasIndex(e => new { e.ConditionId, e.Status });
        builder.HasOne<Question>().WithMany().HasForeignKey(e => e.QuestionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(e => e.Tried).WithOne().HasForeignKey(t => t.ExperienceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TriedEntryConfiguration : IEntityTypeConfiguration<TriedEntry>
{
    public void Configure(EntityTypeBuilder<TriedEntry> builder)
    {
        builder.Property(t => t.Intervention).HasMaxLength(200);
        builder.Property(t => t.InterventionKey).HasMaxLength(200);
        builder.Property(t => t.Duration).HasMaxLength(100);
        builder.Property(t => t.SideEffects).HasMaxLength(1000);
        builder.HasIndex(t => t.ExperienceId);
    }
}
