using Microsoft.AspNetCore.OutputCaching;

namespace PatientAtlas.Platform;

/// <summary>What a change affects: everything, one condition (its names, codes, family), or one question of it.</summary>
public readonly record struct ChangedPages(string? ConditionSlug, string? QuestionSlug)
{
    public static readonly ChangedPages Everything = new(null, null);

    public static ChangedPages Condition(string slug) => new(slug, null);

    public static ChangedPages Question(string slug, string question) => new(slug, question);
}

/// <summary>The cache tags of changed pages, and their eviction (the save pipeline after commit, the watcher from change notes).</summary>
public sealed class ContentChanges(IOutputCacheStore store, IEnumerable<IRemembersContent>? remembered = null)
{
    /// <summary>
    /// The cache tags of what <paramref name="pages"/> names. A question's change evicts that question's page and API
    /// answer, its condition's overview (counts), the home page (latest experiences), search results and reviewer pages;
    /// a condition's change every page of that condition, the home page and search (names and suggestions);
    /// <see cref="ChangedPages.Everything"/> all.
    /// </summary>
    public static string[] Tags(ChangedPages pages) => pages switch
    {
        { ConditionSlug: null } => [PagePolicy.AllPages],
        { ConditionSlug: { } slug, QuestionSlug: { } question } =>
            [PagePolicy.QuestionTag(slug, question), PagePolicy.OverviewTag(slug), PagePolicy.Reviewers, PagePolicy.Home, PagePolicy.Search],
        { ConditionSlug: { } slug } => [PagePolicy.ConditionTag(slug), PagePolicy.Home, PagePolicy.Search],
    };

    /// <summary>Evicts the cached pages with these tags (every page when they hold <see cref="PagePolicy.AllPages"/>).</summary>
    public async ValueTask EvictTagsAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        if (tags.Contains(PagePolicy.AllPages))
        {
            foreach (var memory in remembered ?? [])
            {
                memory.Forget();
            }
            await store.EvictByTagAsync(PagePolicy.AllPages, cancellationToken);
            return;
        }
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, cancellationToken);
        }
    }
}
