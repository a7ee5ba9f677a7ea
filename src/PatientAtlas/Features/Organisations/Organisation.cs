using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Catalog;

namespace PatientAtlas.Features.Organisations;

public enum OrganisationKind
{
    Organisation = 1,
    Professional = 2,
}

/// <summary>Where an organisation's submitted version stands with the moderators.</summary>
public enum OrganisationReview
{
    /// <summary>Nothing waits: what is public is what its keeper wrote.</summary>
    None = 0,

    /// <summary>The submitted version waits for a moderator (a new member's, or one a safety net held).</summary>
    Waiting = 1,

    /// <summary>A moderator refused the submitted version; it stays for its keeper to change, the public version (if any) stays.</summary>
    Rejected = 2,
}

/// <summary>
/// A public profile of an organisation (patient group, clinic, foundation) or a professional, kept by a member: it is
/// public by nature, so its stated city is shown as such on the maps of the conditions it serves, apart from members'
/// counts. "Verified" is set by admins only.
/// </summary>
public sealed class Organisation
{
    public const int MaxName = 200;
    public const int MaxWebsite = 500;
    public const int MaxDescription = 2000;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    public string? Website { get; set; }

    /// <summary>A short description in Markdown (rendered through the members' sanitizing renderer), at most <see cref="MaxDescription"/> characters.</summary>
    public string? Description { get; set; }
    public int? CityId { get; set; }
    public string? CityName { get; set; }
    public required string Country { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public bool Verified { get; set; }
    public int? OwnerId { get; set; }
    public bool IsDemo { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When its owner (or an admin's verification) last changed it: "last updated" on the profile.</summary>
    public DateTime UpdatedAt { get; set; }
    public List<OrganisationCondition> Conditions { get; set; } = [];

    /// <summary>
    /// Whether a moderator (or a member in good standing writing it) made it public: a new member's profile is not in the
    /// directory, on maps or in the API until approved. Until then its own fields hold what was submitted.
    /// </summary>
    public bool Published { get; set; } = true;

    /// <summary>Whether a submitted version waits (or was refused); its name, website and description are the Pending* fields.</summary>
    public OrganisationReview Review { get; set; }
    public string? PendingName { get; set; }
    public string? PendingWebsite { get; set; }
    public string? PendingDescription { get; set; }

    /// <summary>Why the submitted version waits (<see cref="Experiences.HoldReasons"/> codes: new-member, crisis, email, phone, link…).</summary>
    public string? HoldReasons { get; set; }

    /// <summary>Crisis language in the submitted version: first in the queue.</summary>
    public bool Urgent { get; set; }
    public DateTime? SubmittedAt { get; set; }
}

public sealed class OrganisationCondition
{
    public int OrganisationId { get; set; }
    public int ConditionId { get; set; }
}

public sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("Organisations");
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.HasIndex(o => o.OwnerId);
        builder.Property(o => o.Slug).HasMaxLength(120);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Website).HasMaxLength(500);
        builder.Property(o => o.Description).HasMaxLength(Organisation.MaxDescription);
        builder.HasIndex(o => o.Name);
        builder.Property(o => o.CityName).HasMaxLength(200);
        builder.Property(o => o.Country).HasMaxLength(2);
        builder.Property(o => o.PendingName).HasMaxLength(200);
        builder.Property(o => o.PendingWebsite).HasMaxLength(500);
        builder.Property(o => o.PendingDescription).HasMaxLength(Organisation.MaxDescription);
        builder.Property(o => o.HoldReasons).HasMaxLength(200);
        builder.HasIndex(o => new { o.Review, o.SubmittedAt });
        builder.HasOne<Member>().WithMany().HasForeignKey(o => o.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Conditions).WithOne().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OrganisationConditionConfiguration : IEntityTypeConfiguration<OrganisationCondition>
{
    public void Configure(EntityTypeBuilder<OrganisationCondition> builder)
    {
        builder.ToTable("OrganisationConditions");
        builder.HasKey(c => new { c.OrganisationId, c.ConditionId });
        builder.HasIndex(c => c.ConditionId);
        builder.HasOne<Condition>().WithMany().HasForeignKey(c => c.ConditionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>An organisation as a condition's map shows it: public, at the city it states.</summary>
public sealed record OrganisationPin(string Slug, string Name, OrganisationKind Kind, string? Website, string? CityName, string Country, double? Latitude, double? Longitude, bool Verified)
{
    public static async Task<IReadOnlyList<OrganisationPin>> ForConditionAsync(AtlasDb db, int conditionId, CancellationToken cancellationToken) =>
        await db.Set<Organisation>().AsNoTracking().Where(o => o.Published && o.Conditions.Any(c => c.ConditionId == conditionId))
            .OrderByDescending(o => o.Verified).ThenBy(o => o.Name)
            .Select(o => new OrganisationPin(o.Slug, o.Name, o.Kind, o.Website, o.CityName, o.Country, o.Latitude, o.Longitude, o.Verified))
            .ToListAsync(cancellationToken);
}
