using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PatientAtlas.Features.Summaries;

/// <summary>A member who wrote or edited a revision's text (one row per member and revision).</summary>
public sealed class RevisionContributor
{
    public int SummaryRevisionId { get; set; }
    public int MemberId { get; set; }
}

public sealed class RevisionContributorConfiguration : IEntityTypeConfiguration<RevisionContributor>
{
    public void Configure(EntityTypeBuilder<RevisionContributor> builder)
    {
        builder.ToTable("RevisionContributors");
        builder.HasKey(c => new { c.SummaryRevisionId, c.MemberId });
        builder.HasIndex(c => c.MemberId);
        builder.HasOne<Accounts.Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
