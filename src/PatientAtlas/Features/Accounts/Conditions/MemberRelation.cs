using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Catalog;

namespace PatientAtlas.Features.Accounts.Conditions;

/// <summary>
/// A member's relation to one condition (health data: stored only with consent). Private unless the member chose to
/// show it to other members (<see cref="ShowOnProfile"/>).
/// </summary>
public sealed class MemberRelation
{
    public long Id { get; set; }
    public int MemberId { get; set; }
    public int ConditionId { get; set; }
    public Relation Relation { get; set; }

    /// <summary>
    /// Shown to other members: on the public profile, in "people near me" and among the shared conditions there. A
    /// relation not shown reaches nobody but its member (the map counts it only within cells of at least k).
    /// </summary>
    public bool ShowOnProfile { get; set; }

    /// <summary>
    /// When the relation was added, or changed to another kind: the map counts it <c>Map:CountAfterDays</c> later, so an
    /// account cannot re-probe a cell by switching relations.
    /// </summary>
    public DateTime CreatedAt { get; set; }
}

public sealed class MemberRelationConfiguration : IEntityTypeConfiguration<MemberRelation>
{
    public void Configure(EntityTypeBuilder<MemberRelation> builder)
    {
        builder.ToTable("MemberRelations");
        // One relation per condition and member.
        builder.HasIndex(r => new { r.MemberId, r.ConditionId }).IsUnique();
        builder.HasIndex(r => r.ConditionId);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Condition>().WithMany().HasForeignKey(r => r.ConditionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class Relations
{
    /// <summary>More than anyone lives with or works on; a bound on what one account can store.</summary>
    public const int MaxPerMember = 100;

    /// <summary>The relation a form sent, when it names one we know ("Affected", "Caregiver", …; not numbers, not combinations).</summary>
    public static Relation? Parse(string? value) =>
        value is not null && Enum.GetNames<Relation>().Contains(value, StringComparer.Ordinal) ? Enum.Parse<Relation>(value) : null;
}
