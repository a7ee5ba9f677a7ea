using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Experiences;

namespace PatientAtlas.Features.Community;

public enum FlagReason
{
    MedicalMisinformation = 1,
    PersonalData = 2,
    Spam = 3,
    Abuse = 4,
    SelfHarmRisk = 5,
    Other = 6,
}

/// <summary>A member's flag on an experience: one per member and post; open until a moderator decides.</summary>
public sealed class ExperienceFlag
{
    public long Id { get; set; }
    public long ExperienceId { get; set; }

    /// <summary>Null once the flagging member deleted their account (the flag and its weight stay).</summary>
    public int? MemberId { get; set; }
    public FlagReason Reason { get; set; }

    /// <summary>The member's words, required for <see cref="FlagReason.Other"/>.</summary>
    public string? Note { get; set; }
    public int Weight { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When a moderator decided on the post; a resolved flag no longer weighs.</summary>
    public DateTime? ResolvedAt { get; set; }
}

public sealed class ExperienceFlagConfiguration : IEntityTypeConfiguration<ExperienceFlag>
{
    public const int NoteMaxLength = 500;

    public void Configure(EntityTypeBuilder<ExperienceFlag> builder)
    {
        builder.ToTable("ExperienceFlags");
        builder.Property(f => f.Note).HasMaxLength(NoteMaxLength);
        builder.HasIndex(f => new { f.ExperienceId, f.MemberId }).IsUnique();
        builder.HasIndex(f => new { f.ResolvedAt, f.CreatedAt });
        builder.HasOne<Experience>().WithMany().HasForeignKey(f => f.ExperienceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.SetNull);
    }
}
