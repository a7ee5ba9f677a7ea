using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Search;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// The one write path of everything a question page shows: questions, experiences and what was tried, summaries,
/// their revisions, citations and reviewers. Whatever the unit of work holds is saved together with what must follow
/// it, in one transaction: the questions' counts and "what people tried" (<see cref="QuestionStatistics"/>), the
/// search documents of exactly the experiences and summaries written, and a change note per question for the other
/// nodes; after the commit, this node evicts the pages those questions affect. Saving such rows any other way is
/// refused (<see cref="CommunityWriteGuard"/>).
/// </summary>
public sealed class QuestionWrites(AtlasDb db, ISearchIndex index, ContentChanges changes, TimeProvider clock)
{
    private readonly AtlasDb _db = db;
    private readonly ISearchIndex _index = index;
    private readonly ContentChanges _changes = changes;
    private readonly TimeProvider _clock = clock;

    /// <summary>Saves the unit of work and everything that follows from it, commits, then evicts.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await using var unit = await BeginAsync(cancellationToken);
        await unit.SaveAsync(cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }

    /// <summary>A transaction for several saves (rows that need each other's ids) or bulk changes; nothing is evicted unless it commits.</summary>
    public async Task<Unit> BeginAsync(CancellationToken cancellationToken) =>
        new(this, await _db.Database.BeginTransactionAsync(cancellationToken));

    public sealed class Unit(QuestionWrites writes, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        private readonly HashSet<ChangedPages> _pages = [];
        private bool _committed;

        private AtlasDb Db => writes._db;

        /// <summary>For bulk writers that send rows on the connection themselves (COPY, multi-row INSERT).</summary>
        public System.Data.Common.DbTransaction DbTransaction => Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(transaction);

        /// <summary>Saves the tracked changes, then the counts, search documents and change notes they call for.</summary>
        public async Task SaveAsync(CancellationToken cancellationToken)
        {
            Db.ChangeTracker.DetectChanges();
            var touched = Touched.Collect(Db.ChangeTracker);
            using (CommunityWriteGuard.Allow(Db))
            {
                await Db.SaveChangesAsync(cancellationToken);
            }
            var (questions, experiences, summaries) = await touched.ResolveAsync(Db, cancellationToken);
            await QuestionStatistics.RecomputeAsync(Db, [.. questions.Keys], cancellationToken);
            await writes._index.IndexSourcesAsync(experiences, summaries, cancellationToken);
            var now = writes._clock.GetUtcNow().UtcDateTime;
            foreach (var (question, condition) in questions)
            {
                ContentChanges.Record(Db, now, condition, question);
            }
            await Db.SaveChangesAsync(cancellationToken);
            var slugs = await Db.Questions.AsNoTracking().Where(q => questions.Keys.Contains(q.Id))
                .Select(q => new { q.Slug, Condition = Db.Conditions.Where(c => c.Id == q.ConditionId).Select(c => c.Slug).First() })
                .ToListAsync(cancellationToken);
            _pages.UnionWith(slugs.Select(s => ChangedPages.Question(s.Condition, s.Slug)));
            // A question that no longer exists: its condition's pages.
            if (slugs.Count < questions.Count)
            {
                var gone = questions.Values.Distinct().ToList();
                _pages.UnionWith((await Db.Conditions.AsNoTracking().Where(c => gone.Contains(c.Id)).Select(c => c.Slug).ToListAsync(cancellationToken))
                    .Select(ChangedPages.Condition));
            }
        }

        /// <summary>
        /// After rows were written or deleted in bulk (ExecuteUpdate/ExecuteDelete, COPY): recounts the questions of these
        /// conditions (all when null), re-indexes their documents, and notes the change for every page.
        /// </summary>
        public async Task AfterBulkChangeAsync(IReadOnlyCollection<int>? conditionIds, bool reindex, CancellationToken cancellationToken)
        {
            if (conditionIds is null)
            {
                await QuestionStatistics.RecomputeAsync(Db, null, cancellationToken);
            }
            else
            {
                await QuestionStatistics.RecomputeForConditionsAsync(Db, conditionIds, cancellationToken);
            }
            if (reindex)
            {
                await writes._index.ReindexDocumentsAsync(conditionIds, cancellationToken);
            }
            ContentChanges.Record(Db, writes._clock.GetUtcNow().UtcDateTime);
            await Db.SaveChangesAsync(cancellationToken);
            _pages.Add(ChangedPages.Everything);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await transaction.CommitAsync(cancellationToken);
            _committed = true;
            var pages = _pages.Contains(ChangedPages.Everything) ? [ChangedPages.Everything] : _pages.ToList();
            foreach (var page in pages)
            {
                await writes._changes.EvictAsync(page, CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                Db.ChangeTracker.Clear();
            }
            await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// The rows a save touches, read from the change tracker before it saves (a deleted row's keys are only known
    /// then), resolved to ids after it (an added row's id is only known then).
    /// </summary>
    private sealed class Touched
    {
        private readonly List<Experience> _experiences = [];
        private readonly List<TriedEntry> _tried = [];
        private readonly List<Summary> _summaries = [];
        private readonly List<SummaryRevision> _revisions = [];
        private readonly List<Citation> _citations = [];
        private readonly List<Reviewer> _reviewers = [];
        private readonly List<Question> _questionRows = [];
        private readonly Dictionary<int, int> _deletedQuestions = [];
        private readonly HashSet<long> _deletedExperiences = [];
        private readonly HashSet<int> _deletedSummaries = [];
        private readonly HashSet<int> _questionIds = [];
        private readonly HashSet<long> _experienceIds = [];
        private readonly HashSet<int> _summaryIds = [];
        private readonly HashSet<int> _revisionIds = [];

        public static Touched Collect(ChangeTracker tracker)
        {
            var touched = new Touched();
            foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                touched.Add(entry);
            }
            return touched;
        }

        private void Add(EntityEntry entry)
        {
            var deleted = entry.State == EntityState.Deleted;
            T Original<T>(string property) => (T)entry.OriginalValues[property]!;
            switch (entry.Entity)
            {
                case Experience e:
                    _experiences.Add(e);
                    _questionIds.Add(Original<int>(nameof(Experience.QuestionId)));
                    if (deleted)
                    {
                        _deletedExperiences.Add(e.Id);
                    }
                    break;
                case TriedEntry t:
                    _tried.Add(t);
                    if (entry.State != EntityState.Added)
                    {
                        _experienceIds.Add(Original<long>(nameof(TriedEntry.ExperienceId)));
                    }
                    break;
                case Summary s:
                    _summaries.Add(s);
                    if (entry.State != EntityState.Added)
                    {
                        _questionIds.Add(Original<int>(nameof(Summary.QuestionId)));
                    }
                    if (deleted)
                    {
                        _deletedSummaries.Add(s.Id);
                    }
                    break;
                case SummaryRevision r:
                    _revisions.Add(r);
                    if (entry.State != EntityState.Added)
                    {
                        _summaryIds.Add(Original<int>(nameof(SummaryRevision.SummaryId)));
                    }
                    break;
                case Citation c:
                    _citations.Add(c);
                    if (entry.State != EntityState.Added)
                    {
                        _revisionIds.Add(Original<int>(nameof(Citation.SummaryRevisionId)));
                    }
                    break;
                case Reviewer r:
                    _reviewers.Add(r);
                    break;
                case Question q:
                    _questionRows.Add(q);
                    if (deleted)
                    {
                        _deletedQuestions[q.Id] = Original<int>(nameof(Question.ConditionId));
                    }
                    break;
            }
        }

        /// <summary>The touched questions (with their conditions), and the experiences and summaries whose documents change.</summary>
        public async Task<(Dictionary<int, int> Questions, List<long> Experiences, List<int> Summaries)> ResolveAsync(AtlasDb db, CancellationToken cancellationToken)
        {
            foreach (var e in _experiences)
            {
                _experienceIds.Add(e.Id);
                _questionIds.Add(e.QuestionId);
            }
            _experienceIds.UnionWith(_tried.Select(t => t.ExperienceId));
            _summaryIds.UnionWith(_summaries.Select(s => s.Id));
            _questionIds.UnionWith(_summaries.Select(s => s.QuestionId));
            _revisionIds.UnionWith(_citations.Select(c => c.SummaryRevisionId));
            _summaryIds.UnionWith(_revisions.Select(r => r.SummaryId));
            _questionIds.UnionWith(_questionRows.Select(q => q.Id));

            var revisionIds = _revisionIds.ToList();
            if (revisionIds.Count > 0)
            {
                _summaryIds.UnionWith(await db.SummaryRevisions.Where(r => revisionIds.Contains(r.Id)).Select(r => r.SummaryId).ToListAsync(cancellationToken));
            }
            var reviewerIds = _reviewers.Select(r => r.Id).ToList();
            if (reviewerIds.Count > 0)
            {
                // A reviewer's name or credentials show on every summary they approved.
                _summaryIds.UnionWith(await db.SummaryRevisions.Where(r => r.ReviewerId != null && reviewerIds.Contains(r.ReviewerId.Value))
                    .Select(r => r.SummaryId).Distinct().ToListAsync(cancellationToken));
            }
            var experienceIds = _experienceIds.Except(_deletedExperiences).ToList();
            if (experienceIds.Count > 0)
            {
                _questionIds.UnionWith(await db.Experiences.Where(e => experienceIds.Contains(e.Id)).Select(e => e.QuestionId).ToListAsync(cancellationToken));
            }
            var summaryIds = _summaryIds.Except(_deletedSummaries).ToList();
            if (summaryIds.Count > 0)
            {
                _questionIds.UnionWith(await db.Summaries.Where(s => summaryIds.Contains(s.Id)).Select(s => s.QuestionId).ToListAsync(cancellationToken));
            }
            var questionIds = _questionIds.ToList();
            var questions = await db.Questions.Where(q => questionIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.ConditionId, cancellationToken);
            foreach (var (id, condition) in _deletedQuestions)
            {
                questions[id] = condition;
            }
            return (questions, [.. _experienceIds], [.. _summaryIds]);
        }
    }
}
