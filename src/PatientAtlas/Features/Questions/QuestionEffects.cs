using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Search;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// The experiences and summaries whose search documents a save rewrites, named by the effects of the features that
/// own them (experiences, summaries) for <see cref="QuestionEffects"/>, which writes them all in one call.
/// </summary>
public sealed class QuestionDocuments
{
    public HashSet<long> Experiences { get; } = [];

    public HashSet<int> Summaries { get; } = [];
}

/// <summary>
/// What a change to a question's content owes its pages, for every question the save touched (its own rows, or those
/// earlier effects named in <see cref="ChangeScope.QuestionIds"/>): its counts and "what people tried" recounted
/// (<see cref="QuestionStatistics"/>), the named search documents rewritten, and the question's pages evicted.
/// A bulk change (<see cref="ChangeScope.Content"/>) recounts and re-indexes its conditions.
/// </summary>
public sealed class QuestionEffects : ISaveEffect
{
    public IReadOnlyCollection<Type> Follows { get; } = [typeof(Question)];

    public int Order => EffectOrder.Questions;

    public async Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        var db = unit.Db;
        var deleted = new Dictionary<int, int>();
        foreach (var (question, change) in unit.Rows<Question>())
        {
            unit.Changed.Questions([question.Id]);
            if (change.IsDeleted)
            {
                deleted[question.Id] = change.Original<int>(nameof(Question.ConditionId));
            }
        }
        await BulkAsync(unit, cancellationToken);

        var documents = unit.Part<QuestionDocuments>();
        if (documents.Experiences.Count > 0 || documents.Summaries.Count > 0)
        {
            await SearchIndex.For(db).IndexSourcesAsync([.. documents.Experiences], [.. documents.Summaries], cancellationToken);
        }
        if (unit.Changed.QuestionIds.Count == 0)
        {
            return;
        }
        var ids = unit.Changed.QuestionIds.ToList();
        var pages = await db.Questions.AsNoTracking().Where(q => ids.Contains(q.Id))
            .Select(q => new { q.Id, q.Slug, Condition = db.Conditions.Where(c => c.Id == q.ConditionId).Select(c => c.Slug).First() })
            .ToListAsync(cancellationToken);
        await QuestionStatistics.RecomputeAsync(db, [.. pages.Select(p => p.Id)], cancellationToken);
        foreach (var page in pages)
        {
            unit.Evict(ContentChanges.Tags(ChangedPages.Question(page.Condition, page.Slug)));
        }
        // A question that no longer exists: its condition's pages.
        unit.Changed.Conditions(deleted.Where(d => pages.All(p => p.Id != d.Key)).Select(d => d.Value));
    }

    private static async Task BulkAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        var scope = unit.Changed;
        if (scope.AllContent)
        {
            await QuestionStatistics.RecomputeAsync(unit.Db, null, cancellationToken);
        }
        else if (scope.ContentConditionIds.Count > 0)
        {
            await QuestionStatistics.RecomputeForConditionsAsync(unit.Db, [.. scope.ContentConditionIds], cancellationToken);
        }
        if (scope.Reindex)
        {
            await SearchIndex.For(unit.Db).ReindexDocumentsAsync(scope.AllContent ? null : [.. scope.ContentConditionIds], cancellationToken);
        }
    }
}
