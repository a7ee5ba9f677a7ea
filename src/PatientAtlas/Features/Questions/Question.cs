using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Catalog;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// A question asked about one condition. Template questions exist for every condition without a row;
/// a row is created once content (a summary, an experience) is attached to it.
/// </summary>
public sealed class Question
{
    public int Id { get; set; }
    public int ConditionId { get; set; }
    public required string Slug { get; set; }

    /// <summary>The template key, or null for a member's own question.</summary>
    public string? TemplateKey { get; set; }

    /// <summary>Wording of a member's own question (templates are worded by localization).</summary>
    public string? CustomText { get; set; }

    public bool IsDemo { get; set; }
    public bool IsSynthetic { get; set; }

    /// <summary>Published experiences, kept by <see cref="QuestionStatistics"/>.</summary>
    public int ExperienceCount { get; set; }

    public DateTime? LatestExperienceAt { get; set; }

    /// <summary>Whether a summary in any language has a published revision, kept by <see cref="QuestionStatistics"/>.</summary>
    public bool HasPublishedSummary { get; set; }
}

public sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> builder)
    {
        builder.Property(q => q.Slug).HasMaxLength(200);
        builder.Property(q => q.TemplateKey).HasMaxLength(60);
        builder.Property(q => q.CustomText).HasMaxLength(500);
        builder.HasIndex(q => new { q.ConditionId, q.Slug }).IsUnique();
        builder.HasOne<Condition>().WithMany().HasForeignKey(q => q.ConditionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class QuestionTriedConfiguration : IEntityTypeConfiguration<QuestionTried>
{
    public void Configure(EntityTypeBuilder<QuestionTried> builder)
    {
        builder.ToTable("QuestionTried");
        builder.HasKey(t => new { t.QuestionId, t.InterventionKey });
        builder.Property(t => t.InterventionKey).HasMaxLength(200);
        builder.Property(t => t.Intervention).HasMaxLength(200);
        builder.HasIndex(t => new { t.QuestionId, t.People });
        builder.HasOne<Question>().WithMany().HasForeignKey(t => t.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }
}
