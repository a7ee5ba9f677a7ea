using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;
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
        var condition = modelBuilder.Entity<Condition>();
        condition.Property(c => c.Slug).HasMaxLength(200);
        condition.HasIndex(c => c.Slug).IsUnique();
        condition.Property(c => c.Name).HasMaxLength(500);
        condition.Property(c => c.SortKey).HasMaxLength(500);
        condition.Property(c => c.Letter).HasMaxLength(1);
        condition.Property(c => c.NameSource).HasMaxLength(20);
        condition.HasIndex(c => new { c.Letter, c.SortKey });
        condition.HasIndex(c => c.SortKey);
        condition.HasMany(c => c.Names).WithOne().HasForeignKey(n => n.ConditionId).OnDelete(DeleteBehavior.Cascade);
        condition.HasMany(c => c.Codes).WithOne().HasForeignKey(n => n.ConditionId).OnDelete(DeleteBehavior.Cascade);
        condition.HasMany(c => c.Parents).WithOne().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Cascade);
        condition.HasOne<Condition>().WithMany().HasForeignKey(c => c.ReplacedById).OnDelete(DeleteBehavior.SetNull);

        var name = modelBuilder.Entity<ConditionName>();
        name.Property(n => n.Text).HasMaxLength(1000);
        name.Property(n => n.Source).HasMaxLength(20);
        name.HasIndex(n => new { n.ConditionId, n.Kind, n.Text }).IsUnique();

        var code = modelBuilder.Entity<ConditionCode>();
        code.Property(c => c.System).HasMaxLength(20);
        code.Property(c => c.Code).HasMaxLength(100);
        code.Property(c => c.Source).HasMaxLength(20);
        code.HasIndex(c => new { c.System, c.Code });
        code.HasIndex(c => new { c.ConditionId, c.System, c.Code }).IsUnique();

        var parent = modelBuilder.Entity<ConditionParent>();
        parent.HasKey(p => new { p.ChildId, p.ParentId });
        parent.HasOne(p => p.Parent).WithMany().HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Cascade);
        parent.HasIndex(p => p.ParentId);

        var redirect = modelBuilder.Entity<SlugRedirect>();
        redirect.HasKey(r => r.Slug);
        redirect.Property(r => r.Slug).HasMaxLength(200);
        redirect.HasOne<Condition>().WithMany().HasForeignKey(r => r.ConditionId).OnDelete(DeleteBehavior.Cascade);

        var term = modelBuilder.Entity<SourceTerm>();
        term.HasKey(t => t.Id);
        term.Property(t => t.Id).HasMaxLength(120);
        term.Property(t => t.Source).HasMaxLength(20);
        term.Property(t => t.ReplacedBy).HasMaxLength(120);
        term.HasIndex(t => t.ConditionId);
        term.HasOne<Condition>().WithMany().HasForeignKey(t => t.ConditionId).OnDelete(DeleteBehavior.Cascade);

        var question = modelBuilder.Entity<Question>();
        question.Property(q => q.Slug).HasMaxLength(200);
        question.Property(q => q.TemplateKey).HasMaxLength(60);
        question.Property(q => q.CustomText).HasMaxLength(500);
        question.HasIndex(q => new { q.ConditionId, q.Slug }).IsUnique();
        question.HasOne<Condition>().WithMany().HasForeignKey(q => q.ConditionId).OnDelete(DeleteBehavior.Restrict);

        var questionTried = modelBuilder.Entity<QuestionTried>();
        questionTried.ToTable("QuestionTried");
        questionTried.HasKey(t => new { t.QuestionId, t.InterventionKey });
        questionTried.Property(t => t.InterventionKey).HasMaxLength(200);
        questionTried.Property(t => t.Intervention).HasMaxLength(200);
        questionTried.HasIndex(t => new { t.QuestionId, t.People });
        questionTried.HasOne<Question>().WithMany().HasForeignKey(t => t.QuestionId).OnDelete(DeleteBehavior.Cascade);

        var summary = modelBuilder.Entity<Summary>();
        summary.Property(s => s.Language).HasMaxLength(10);
        summary.HasIndex(s => new { s.QuestionId, s.Language }).IsUnique();
        summary.HasOne<Question>().WithMany().HasForeignKey(s => s.QuestionId).OnDelete(DeleteBehavior.Cascade);
        summary.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.SummaryId).OnDelete(DeleteBehavior.Cascade);

        var revision = modelBuilder.Entity<SummaryRevision>();
        revision.Property(r => r.AuthorName).HasMaxLength(200);
        revision.HasIndex(r => new { r.SummaryId, r.Status });
        revision.HasOne(r => r.Reviewer).WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        revision.HasMany(r => r.Citations).WithOne().HasForeignKey(c => c.SummaryRevisionId).OnDelete(DeleteBehavior.Cascade);

        var citation = modelBuilder.Entity<Citation>();
        citation.Property(c => c.Title).HasMaxLength(1000);
        citation.Property(c => c.Url).HasMaxLength(2000);
        citation.Property(c => c.PubMedId).HasMaxLength(20);
        citation.Property(c => c.Doi).HasMaxLength(200);

        var reviewer = modelBuilder.Entity<Reviewer>();
        reviewer.Property(r => r.Slug).HasMaxLength(200);
        reviewer.HasIndex(r => r.Slug).IsUnique();
        reviewer.Property(r => r.FullName).HasMaxLength(200);
        reviewer.Property(r => r.Credentials).HasMaxLength(200);

        var experience = modelBuilder.Entity<Experience>();
        experience.Property(e => e.AuthorPseudonym).HasMaxLength(60);
        experience.Property(e => e.Language).HasMaxLength(10);
        experience.Property(e => e.Text).HasMaxLength(20000);
        // Keyset paging: (question, status, created desc, id desc) and (question, status, helpful desc, id desc).
        experience.HasIndex(e => new { e.QuestionId, e.Status, e.CreatedAt, e.Id });
        experience.HasIndex(e => new { e.QuestionId, e.Status, e.HelpfulCount, e.Id });
        experience.HasIndex(e => new { e.Status, e.CreatedAt });
        experience.HasIndex(e => new { e.ConditionId, e.Status });
        experience.HasOne<Question>().WithMany().HasForeignKey(e => e.QuestionId).OnDelete(DeleteBehavior.Restrict);
        experience.HasMany(e => e.Tried).WithOne().HasForeignKey(t => t.ExperienceId).OnDelete(DeleteBehavior.Cascade);

        var tried = modelBuilder.Entity<TriedEntry>();
        tried.Property(t => t.Intervention).HasMaxLength(200);
        tried.Property(t => t.InterventionKey).HasMaxLength(200);
        tried.Property(t => t.Duration).HasMaxLength(100);
        tried.Property(t => t.SideEffects).HasMaxLength(1000);
        tried.HasIndex(t => t.ExperienceId);

        modelBuilder.Entity<ContentChange>().HasIndex(c => c.ChangedAt);

        // The search index tables; their full-text and trigram indexes are raw SQL in the Search migrations.
        var searchName = modelBuilder.Entity<SearchName>();
        searchName.Property(n => n.Id).ValueGeneratedNever();
        searchName.Property(n => n.Folded).HasMaxLength(1000);
        searchName.HasIndex(n => n.Folded);
        searchName.HasIndex(n => n.ConditionId);
        var searchDocument = modelBuilder.Entity<SearchDocument>();
        searchDocument.Property(d => d.Id).ValueGeneratedNever();
        searchDocument.Property(d => d.Language).HasMaxLength(10);
        searchDocument.HasIndex(d => d.ConditionId);
        searchDocument.HasIndex(d => new { d.Kind, d.SourceId });
        if (this is PostgresAtlasDb)
        {
            // Byte order, so that a prefix is an index range whatever the server's locale.
            searchName.Property(n => n.Folded).UseCollation("C");
        }
    }
}
