using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Experiences;

public enum ExperienceStatus
{
    Pending = 1,
    Published = 2,
    Hidden = 3,
    Removed = 4,

    /// <summary>A moderator refused it; kept for the author and the moderators, shown to nobody else.</summary>
    Rejected = 5,
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

    /// <summary>When its author last edited it (the earlier text is kept for moderators).</summary>
    public DateTime? UpdatedAt { get; set; }

    /// <summary>Why it waits for a moderator: <see cref="HoldReasons"/> codes, comma-separated; null when nothing held it.</summary>
    public string? HoldReasons { get; set; }

    /// <summary>Crisis language: a moderator sees it before anything else in the queue.</summary>
    public bool Urgent { get; set; }

    /// <summary>The weight of the open flags on it (see <see cref="Community.TrustLevels"/>); enough of it hides the post.</summary>
    public int FlagWeight { get; set; }

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

/// <summary>Why the site held a post for a moderator instead of publishing it.</summary>
public static class HoldReasons
{
    /// <summary>The author is new (trust level 0).</summary>
    public const string NewMember = "new-member";
    public const string Crisis = "crisis";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Address = "address";
    public const string Link = "link";

    /// <summary>A social media handle or an invitation to find the writer elsewhere ("@marta_92", "find me on facebook").</summary>
    public const string Handle = "handle";

    /// <summary>The author edited a post a moderator had redacted: a moderator compares it with the redacted version.</summary>
    public const string Redacted = "redacted";

    /// <summary>Weighted flags hid it until a moderator decides.</summary>
    public const string Flagged = "flagged";

    public static string? Join(IEnumerable<string> reasons)
    {
        var list = reasons.Distinct().ToList();
        return list.Count == 0 ? null : string.Join(',', list);
    }

    public static IReadOnlyList<string> Split(string? reasons) =>
        string.IsNullOrEmpty(reasons) ? [] : reasons.Split(',', StringSplitOptions.RemoveEmptyEntries);
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
        builder.HasIndex(e => new { e.MemberId, e.Status });
        builder.Property(e => e.HoldReasons).HasMaxLength(200);
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
