using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Accounts.Conditions;

namespace PatientAtlas.Features.Experiences;

/// <summary>An experience as it was before its author edited it: kept for moderators (what was changed, and when).</summary>
public sealed class ExperienceEdit
{
    public long Id { get; set; }
    public long ExperienceId { get; set; }

    /// <summary>Who edited it (its author; null once their account is gone).</summary>
    public int? MemberId { get; set; }
    public required string PreviousText { get; set; }
    public Relation PreviousRelation { get; set; }

    /// <summary>The "what I tried" entries before the edit, as JSON (intervention, outcome, duration, side effects).</summary>
    public required string PreviousTried { get; set; }
    public string? PreviousHoldReasons { get; set; }
    public ExperienceStatus PreviousStatus { get; set; }
    public DateTime EditedAt { get; set; }

    public sealed record TriedSnapshot(string Intervention, string Outcome, string? Duration, string? SideEffects);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ExperienceEdit Of(Experience experience, int memberId, DateTime at) => new()
    {
        ExperienceId = experience.Id,
        MemberId = memberId,
        PreviousText = experience.Text,
        PreviousRelation = experience.Relation,
        PreviousTried = JsonSerializer.Serialize(
            experience.Tried.OrderBy(t => t.Id).Select(t => new TriedSnapshot(t.Intervention, ExperienceCodes.Code(t.Outcome), t.Duration, t.SideEffects)), Json),
        PreviousHoldReasons = experience.HoldReasons,
        PreviousStatus = experience.Status,
        EditedAt = at,
    };

    public IReadOnlyList<TriedSnapshot> Tried() => JsonSerializer.Deserialize<List<TriedSnapshot>>(PreviousTried, Json) ?? [];
}

public sealed class ExperienceEditConfiguration : IEntityTypeConfiguration<ExperienceEdit>
{
    public void Configure(EntityTypeBuilder<ExperienceEdit> builder)
    {
        builder.ToTable("ExperienceEdits");
        builder.Property(e => e.PreviousText).HasMaxLength(20000);
        builder.Property(e => e.PreviousTried).HasMaxLength(40000);
        builder.Property(e => e.PreviousHoldReasons).HasMaxLength(200);
        builder.HasIndex(e => new { e.ExperienceId, e.EditedAt });
        builder.HasIndex(e => e.MemberId);
        builder.HasOne<Experience>().WithMany().HasForeignKey(e => e.ExperienceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>A member found someone else's experience helpful: one per member and post.</summary>
public sealed class HelpfulVote
{
    public long Id { get; set; }
    public long ExperienceId { get; set; }
    public int MemberId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Whether the vote is in the post's public helpful count: a new member's vote is kept but counts only once they
    /// have standing (<see cref="HelpfulVotes"/>), so fresh accounts cannot stuff the count.
    /// </summary>
    public bool Counted { get; set; }
}

public sealed class HelpfulVoteConfiguration : IEntityTypeConfiguration<HelpfulVote>
{
    public void Configure(EntityTypeBuilder<HelpfulVote> builder)
    {
        builder.ToTable("HelpfulVotes");
        builder.HasIndex(v => new { v.ExperienceId, v.MemberId }).IsUnique();
        builder.HasIndex(v => new { v.MemberId, v.Counted });
        builder.HasOne<Experience>().WithMany().HasForeignKey(v => v.ExperienceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
