using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Features.Search;

namespace PatientAtlas.Data;

/// <summary>
/// The one model of the application. Each database has a thin subclass (<see cref="SqliteAtlasDb"/>,
/// <see cref="PostgresAtlasDb"/>), chosen once at start-up by <c>Database:Provider</c>, that owns its migrations and
/// answers everything the two databases do differently (below); code uses this type and never asks which one it is
/// except through <see cref="Provider"/>, where a feature picks its own native implementation (search, bulk writes).
/// </summary>
public abstract class AtlasDb(DbContextOptions options)
    : IdentityDbContext<Member, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>What a bulk write (ExecuteUpdate/ExecuteDelete, COPY) changed, named before its save so the same effects follow it (<see cref="Saving.SavePipeline"/>).</summary>
    public Saving.ChangeScope Changed => Saving.Changed;

    internal Saving.SaveState Saving { get; } = new();

    /// <summary>Makes sure the database can be opened before migrating: SQLite's folder, PostgreSQL's database.</summary>
    public abstract Task EnsureStorageAsync(CancellationToken cancellationToken);

    /// <summary>After migrating: what the file or server should keep (SQLite: write-ahead logging).</summary>
    public virtual Task AfterMigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Refreshes the query planner's statistics after a bulk change (import, demo and synthetic content, reindex).
    /// Stale statistics cost more than missing ones: after a million experiences were added to a database whose
    /// sqlite_stat1 still described 37 search documents, SQLite drove every search from the wrong table (3.5–11 s
    /// per search); after ANALYZE the same load ran at 209 searches/s.
    /// </summary>
    public abstract Task RefreshStatisticsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens the connection once for a page's queries; on SQLite they all read one deferred transaction (one snapshot,
    /// one read lock on the write-ahead log: about 7 % less CPU per question-page render under 32 connections).
    /// </summary>
    public abstract Task<IAsyncDisposable?> BeginReadSnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Whether a save failed on a unique index (a pseudonym or slug taken by a concurrent writer).</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// Makes this transaction the only one recounting these questions until it ends, so that a recount reads every
    /// experience committed before it (PostgreSQL: row locks; SQLite: its transactions already write one at a time).
    /// </summary>
    public virtual Task LockQuestionsForRecountAsync(IReadOnlyCollection<int> questionIds, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/> while holding a lock every node of this database shares (PostgreSQL: an advisory lock).</summary>
    public virtual Task InSharedLockAsync(long key, Func<Task> work, CancellationToken cancellationToken) => work();

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
    public DbSet<MemberSession> MemberSessions => Set<MemberSession>();
    public DbSet<Features.Accounts.Tokens.PersonalToken> PersonalTokens => Set<Features.Accounts.Tokens.PersonalToken>();
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();
    public DbSet<Features.Corrections.CorrectionReport> CorrectionReports => Set<Features.Corrections.CorrectionReport>();
    public DbSet<Features.Community.ExperienceFlag> ExperienceFlags => Set<Features.Community.ExperienceFlag>();
    public DbSet<Features.Experiences.ExperienceEdit> ExperienceEdits => Set<Features.Experiences.ExperienceEdit>();
    public DbSet<Features.Experiences.HelpfulVote> HelpfulVotes => Set<Features.Experiences.HelpfulVote>();
    public DbSet<QuestionProposal> QuestionProposals => Set<QuestionProposal>();
    public DbSet<Features.Moderation.ModerationDecision> ModerationDecisions => Set<Features.Moderation.ModerationDecision>();
    public DbSet<Features.Moderation.MemberNotification> MemberNotifications => Set<Features.Moderation.MemberNotification>();
    public DbSet<Features.Editorial.ReviewComment> ReviewComments => Set<Features.Editorial.ReviewComment>();
    public DbSet<Features.Summaries.RevisionContributor> RevisionContributors => Set<Features.Summaries.RevisionContributor>();
    public DbSet<Features.Map.MemberLocation> MemberLocations => Set<Features.Map.MemberLocation>();
    public DbSet<Features.Organisations.Organisation> Organisations => Set<Features.Organisations.Organisation>();
    public DbSet<Features.Messages.ContactRequest> ContactRequests => Set<Features.Messages.ContactRequest>();
    public DbSet<Features.Messages.Conversation> Conversations => Set<Features.Messages.Conversation>();
    public DbSet<Features.Messages.ConversationMessage> ConversationMessages => Set<Features.Messages.ConversationMessage>();
    public DbSet<Features.Messages.MemberBlock> MemberBlocks => Set<Features.Messages.MemberBlock>();
    public DbSet<Features.Messages.ConversationReport> ConversationReports => Set<Features.Messages.ConversationReport>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's tables first, then each feature configures its own entities next to them (IEntityTypeConfiguration<T>).
        base.OnModelCreating(builder);
        IdentityTables.Name(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AtlasDb).Assembly);
        builder.Entity<ContentChange>().HasIndex(c => c.ChangedAt);
    }
}
