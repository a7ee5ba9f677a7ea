using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PatientAtlas.Features.Search;

/// <summary>The search index tables; their full-text and trigram indexes are raw SQL in the Search migrations.</summary>
public sealed class SearchNameConfiguration : IEntityTypeConfiguration<SearchName>
{
    public void Configure(EntityTypeBuilder<SearchName> builder)
    {
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Folded).HasMaxLength(1000);
        builder.HasIndex(n => n.Folded);
        builder.HasIndex(n => n.ConditionId);
    }
}

public sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Language).HasMaxLength(10);
        builder.HasIndex(d => d.ConditionId);
        builder.HasIndex(d => new { d.Kind, d.SourceId });
    }
}
