using Microsoft.AspNetCore.OutputCaching;
using PatientAtlas.Data;

namespace PatientAtlas.Platform;

/// <summary>What a change affects: everything, one condition (its names, codes, family), or one question of it.</summary>
public readonly record struct ChangedPages(string? ConditionSlug, string? QuestionSlug)
{
    public static readonly ChangedPages Everything = new(null, null);

    public static ChangedPages Condition(string slug) => new(slug, null);

    public static ChangedPages Question(string slug, string question) => new(slug, question);
}

/// <summary>Records content changes and evicts the cached pages they affect.</summary>
public sealed class ContentChanges(IOutputCacheStore store, IEnumerable<IRemembersContent>? remembered = null)
{
    /// <summary>
    /// Adds the change note to the unit of work, naming the condition and question it affects (both null: every page);
    /// the writer calls <see cref="EvictAsync"/> after committing, other nodes read the note.
    /// </summary>
    public static void Record(AtlasDb db, DateTime now, int? conditionId = null, int? questionId = null) =>
        db.ContentChanges.Add(new ContentChange { ConditionId = conditionId, QuestionId = questionId, ChangedAt = now });

    /// <summary>
    /// A question's change evicts that question's page and API answer, its condition's overview (counts), the home
    /// page (latest experiences), search results and reviewer pages; a condition's change every page of that
    /// condition, the home page and search (names and suggestions); <see cref="ChangedPages.Everything"/> all.
    /// </summary>
    public async Task EvictAsync(ChangedPages pages, CancellationToken cancellationToken)
    {
        if (pages.ConditionSlug is not { } slug)
        {
            foreach (var memory in remembered ?? [])
            {
                memory.Forget();
            }
            await store.EvictByTagAsync(PagePolicy.AllPages, cancellationToken);
            return;
        }
        if (pages.QuestionSlug is { } question)
        {
            await store.EvictByTagAsync(PagePolicy.QuestionTag(slug, question), cancellationToken);
            await store.EvictByTagAsync(PagePolicy.OverviewTag(slug), cancellationToken);
            await store.EvictByTagAsync(PagePolicy.Reviewers, cancellationToken);
        }
        else
        {
            await store.EvictByTagAsync(PagePolicy.ConditionTag(slug), cancellationToken);
        }
        await store.EvictByTagAsync(PagePolicy.Home, cancellationToken);
        await store.EvictByTagAsync(PagePolicy.Search, cancellationToken);
    }
}
