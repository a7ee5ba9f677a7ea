using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// An account. The pseudonym is the member's only public identity; the email address (Identity's user name and
/// email) is seen by nobody but its owner.
/// </summary>
public sealed class Member : IdentityUser<int>
{
    public required string Pseudonym { get; set; }

    /// <summary>The pseudonym folded for case and accents: "José" and "jose" are one pseudonym.</summary>
    public required string PseudonymKey { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool IsDemo { get; set; }

    /// <summary>Until when a moderator suspended the account from writing; null when never suspended.</summary>
    public DateTime? SuspendedUntil { get; set; }

    /// <summary>Whether a moderator ever suspended it: such a member never reaches the trusted level.</summary>
    public bool WasSuspended { get; set; }
}

/// <summary>The roles an account can hold besides being a member (every account is one).</summary>
public static class Roles
{
    public const string Moderator = "moderator";
    public const string Editor = "editor";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    public static readonly string[] All = [Moderator, Editor, Reviewer, Admin];
}

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("Members");
        builder.Property(m => m.Pseudonym).HasMaxLength(Pseudonyms.MaxLength);
        builder.Property(m => m.PseudonymKey).HasMaxLength(Pseudonyms.MaxLength * 2);
        builder.HasIndex(m => m.PseudonymKey).IsUnique();
    }
}

/// <summary>Identity's other tables, named for this model.</summary>
internal static class IdentityTables
{
    public static void Name(ModelBuilder builder)
    {
        // The roles exist in every database from its migration on: fixed ids and stamps, so the model never drifts.
        builder.Entity<IdentityRole<int>>().ToTable("Roles").HasData(Roles.All.Select((role, i) =>
            new IdentityRole<int> { Id = i + 1, Name = role, NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = role }));
        builder.Entity<IdentityUserRole<int>>().ToTable("MemberRoles");
        builder.Entity<IdentityUserClaim<int>>().ToTable("MemberClaims");
        builder.Entity<IdentityUserLogin<int>>().ToTable("MemberLogins");
        builder.Entity<IdentityUserToken<int>>().ToTable("MemberTokens");
        builder.Entity<IdentityRoleClaim<int>>().ToTable("RoleClaims");
    }
}
