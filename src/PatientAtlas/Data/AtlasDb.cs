using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Features.Search;

namespace PatientAtlas.Data;

/// <summary>
/// The one model of the application. Each database has a thin subclass (<see cref="SqliteAtlasDb"/>,
/// <see cref="PostgresAtlasDb"/>) that owns its migrations; code uses this type.
/// </summary>
public abstract class AtlasDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Condition> Conditions => Set<Condition>();
    public DbSet<ConditionName> ConditionNames => Set<ConditionName>();
    public DbSet<ConditionCode> ConditionCodes => Set<ConditionCode>();
    public DbSet<ConditionParent> ConditionParents => Set<ConditionParent>();
    public DbSet<SlugRedirect> SlugRedirects => Set<SlugRedirect>();
    public DbSet<SourceTerm> SourceTerms => Set<SourceTerm>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<Summary> Summaries => Set<Summary>();
    public DbSet<SummaryRevision> SummaryRevisions => Set<SummaryRevision>();
    public DbSet<Citation> Citations => Set<Citation>();
    public DbSet<Reviewer> Reviewers => Set<Reviewer>();
    public DbSet<Experience> Experiences => Set<Experience>();
    public DbSet<TriedEntry> TriedEntries => Set<TriedEntry>();
    public DbSet<QuestionTried> QuestionTried => Set<QuestionTried>();
    public DbSet<ContentChange> ContentChanges => Set<ContentChange>();
    public DbSet<SearchName> SearchNames => Set<SearchName>();
    public DbSet<SearchDocument> SearchDocuments => Set<SearchDocument>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature configures its own entities next to them (IEntityTypeConfiguration<T>).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AtlasDb).Assembly);
        modelBuilder.Entity<ContentChange>().HasIndex(c => c.ChangedAt);
    }
}
