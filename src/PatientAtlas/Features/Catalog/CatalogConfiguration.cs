using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PatientAtlas.Features.Catalog;

public sealed class ConditionConfiguration : IEntityTypeConfiguration<Condition>
{
    public void Configure(EntityTypeBuilder<Condition> builder)
    {
        builder.Property(c => c.Slug).HasMaxLength(200);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(500);
        builder.Property(c => c.SortKey).HasMaxLength(500);
        builder.Property(c => c.Letter).HasMaxLength(1);
        builder.Property(c => c.NameSource).HasMaxLength(20);
        builder.Property(c => c.Abbreviation).HasMaxLength(1000);
        builder.Property(c => c.SourceName).HasMaxLength(500);
        builder.HasIndex(c => new { c.Letter, c.SortKey });
        builder.HasIndex(c => c.SortKey);
        builder.HasMany(c => c.Names).WithOne().HasForeignKey(n => n.ConditionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Codes).WithOne().HasForeignKey(n => n.ConditionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Parents).WithOne().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Condition>().WithMany().HasForeignKey(c => c.ReplacedById).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class ConditionNameConfiguration : IEntityTypeConfiguration<ConditionName>
{
    public void Configure(EntityTypeBuilder<ConditionName> builder)
    {
        builder.Property(n => n.Text).HasMaxLength(1000);
        builder.Property(n => n.Source).HasMaxLength(20);
        builder.Property(n => n.Language).HasMaxLength(8).HasDefaultValue(Platform.Languages.Default);
        builder.HasIndex(n => new { n.ConditionId, n.Kind, n.Language, n.Text }).IsUnique();
    }
}

public sealed class ConditionCodeConfiguration : IEntityTypeConfiguration<ConditionCode>
{
    public void Configure(EntityTypeBuilder<ConditionCode> builder)
    {
        builder.Property(c => c.System).HasMaxLength(20);
        builder.Property(c => c.Code).HasMaxLength(100);
        builder.Property(c => c.Source).HasMaxLength(20);
        builder.HasIndex(c => new { c.System, c.Code });
        builder.HasIndex(c => new { c.ConditionId, c.System, c.Code }).IsUnique();
    }
}

public sealed class ConditionParentConfiguration : IEntityTypeConfiguration<ConditionParent>
{
    public void Configure(EntityTypeBuilder<ConditionParent> builder)
    {
        builder.HasKey(p => new { p.ChildId, p.ParentId });
        builder.HasOne(p => p.Parent).WithMany().HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ParentId);
    }
}

public sealed class SlugRedirectConfiguration : IEntityTypeConfiguration<SlugRedirect>
{
    public void Configure(EntityTypeBuilder<SlugRedirect> builder)
    {
        builder.HasKey(r => r.Slug);
        builder.Property(r => r.Slug).HasMaxLength(200);
        builder.HasOne<Condition>().WithMany().HasForeignKey(r => r.ConditionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SourceTermConfiguration : IEntityTypeConfiguration<SourceTerm>
{
    public void Configure(EntityTypeBuilder<SourceTerm> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(120);
        builder.Property(t => t.Source).HasMaxLength(20);
        builder.Property(t => t.ReplacedBy).HasMaxLength(120);
        builder.HasIndex(t => t.ConditionId);
        builder.HasOne<Condition>().WithMany().HasForeignKey(t => t.ConditionId).OnDelete(DeleteBehavior.Cascade);
    }
}
