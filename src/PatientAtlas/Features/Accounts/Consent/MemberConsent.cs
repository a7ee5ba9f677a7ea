using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Consent;

/// <summary>
/// One explicit consent to health data (GDPR Art. 9): which text the member agreed to and when, and when they took it
/// back. Rows are kept while the account lives, so the member (and their data download) sees the whole history.
/// </summary>
public sealed class MemberConsent
{
    public long Id { get; set; }
    public int MemberId { get; set; }

    /// <summary>The version of the consent text agreed to (<see cref="ConsentText.Version"/> at the time).</summary>
    public required string Version { get; set; }

    public DateTime GivenAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
}

public sealed class MemberConsentConfiguration : IEntityTypeConfiguration<MemberConsent>
{
    public void Configure(EntityTypeBuilder<MemberConsent> builder)
    {
        builder.ToTable("MemberConsents");
        builder.Property(c => c.Version).HasMaxLength(20);
        builder.HasIndex(c => new { c.MemberId, c.Version });
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The consent text's version. A new text gets a new version, and every member is asked again.</summary>
public static class ConsentText
{
    /// <summary>
    /// The version of the text on /account/consent (resource keys "Consent.*"). Change it whenever that text changes in
    /// substance: members who agreed to an older version then count as not having consented until they agree again.
    /// </summary>
    public const string Version = "2026-11";

    /// <summary>Whether the member has agreed to the current text and not taken it back.</summary>
    public static Task<bool> IsGivenAsync(AtlasDb db, int memberId, CancellationToken cancellationToken) =>
        db.Set<MemberConsent>().AnyAsync(c => c.MemberId == memberId && c.Version == Version && c.WithdrawnAt == null, cancellationToken);
}
