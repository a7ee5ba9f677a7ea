using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Search;

/// <summary>
/// /search?q=: conditions, then questions, then reviewed summaries and experiences, with counts per group.
/// Without <c>type</c> each group shows its first results; <c>type=conditions|questions|summaries|experiences</c>
/// pages through one group.
/// </summary>
[OutputCache(PolicyName = PagePolicy.Name, Tags = [PagePolicy.Search])]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(SearchServices.RateLimit)]
public sealed class SearchModel(AtlasDb db, SiteSearch search, ISearchIndex index, SearchBudget budget, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 20;
    public const int CountCap = 1000;
    private const int QuestionConditions = 10;

    public static readonly string[] Groups = ["conditions", "questions", "summaries", "experiences"];

    public sealed record ConditionResult(string Slug, string NameHtml, string? Abbreviation, string? AlsoKnownAs, string? DefinitionHtml,
        ConditionKind Kind, IReadOnlyList<QuestionLink> Questions)
    {
        public string Path => CatalogPaths.Of(Slug, Kind);
    }

    /// <summary>A question of a condition result that has content: a reviewed summary or experiences.</summary>
    public sealed record QuestionLink(string Url, string Label);

    public sealed record QuestionResult(string Url, string Text, string ConditionName);

    public sealed record DocumentResult(string Url, string Title, string Language, string SnippetHtml);

    public sealed record Group(string Key, int Count, bool Capped, IReadOnlyList<object> Items);

    public string Query { get; private set; } = "";
    public string? Type { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public string? DidYouMean { get; private set; }

    /// <summary>Set when nothing matched and the site holds only its starter catalog (its number of conditions).</summary>
    public int? StarterCatalogSize { get; private set; }
    public IReadOnlyList<Group> Results { get; private set; } = [];

    /// <summary>The time budget ran out: the groups shown are the ones complete by then.</summary>
    public bool TimedOut { get; private set; }

    public bool HasQuery => Query.Length > 0;

    public async Task<IActionResult> OnGetAsync([FromQuery] string? q, [FromQuery] string? type, [FromQuery] string? page, CancellationToken cancellationToken)
    {
        if (q is { Length: > SearchText.MaxQueryLength })
        {
            return this.BadRequestPage(t["Search.TooLong", SearchText.MaxQueryLength]);
        }
        if (type is not null && !Groups.Contains(type, StringComparer.Ordinal))
        {
            return this.BadRequestPage(t["Search.BadType"]);
        }
        if (!BadRequestPages.TryParsePage(page, out var number))
        {
            return this.BadRequestPage(t["Conditions.BadPage"]);
        }
        PageNumber = number;
        Query = (q ?? "").Trim();
        Type = type;
        ViewData["Query"] = Query;
        if (Query.Length == 0 || SearchText.Words(Query).Count == 0 && !SearchText.LooksLikeIcd10(Query))
        {
            return Page();
        }

        var groups = new List<Group>();
        Results = groups;
        using var limit = budget.Start(cancellationToken);
        try
        {
            await SearchAsync(groups, limit.Token);
        }
        catch (Exception e) when (SearchBudget.RanOut(e, limit, cancellationToken))
        {
            // What is complete, with a note; never stored in the output cache (the next try may finish).
            TimedOut = true;
            if (HttpContext.Features.Get<IOutputCacheFeature>() is { } cache)
            {
                cache.Context.AllowCacheStorage = false;
            }
            return Page();
        }

        if (groups.All(g => g.Count == 0) && !await db.Conditions.AnyAsync(c => c.NameSource != StarterCatalog.Source, cancellationToken))
        {
            // Only the starter catalog is loaded: the condition may well exist, just not on this site yet.
            StarterCatalogSize = await db.Conditions.CountAsync(c => !c.IsObsolete && c.Kind == ConditionKind.Condition, cancellationToken);
        }
        if (Type is not null)
        {
            PageCount = Math.Max(1, (Math.Min(groups[0].Count, CountCap) + PageSize - 1) / PageSize);
            if (PageNumber > PageCount)
            {
                return NotFound();
            }
        }
        return Page();
    }

    private async Task SearchAsync(List<Group> groups, CancellationToken cancellationToken)
    {
        var parsed = SiteSearch.ParsedQuery.Parse(Query);
        var conditions = await search.ConditionsAsync(parsed, SiteSearch.CandidateLimit, fuzzy: true, cancellationToken);
        DidYouMean = conditions.DidYouMean;
        var words = conditions.Words;
        int Take(string group) => Type is null ? (group == "conditions" ? 10 : 5) : PageSize;
        int Skip(string group) => Type == group ? (PageNumber - 1) * PageSize : 0;
        bool Wanted(string group) => Type is null || Type == group;

        if (Wanted("conditions"))
        {
            var slice = conditions.Conditions.Skip(Skip("conditions")).Take(Take("conditions")).ToList();
            groups.Add(new Group("conditions", conditions.Conditions.Count, conditions.Conditions.Count >= SiteSearch.CandidateLimit,
                [.. await ConditionResultsAsync(slice, words, cancellationToken)]));
        }
        if (Wanted("questions"))
        {
            var about = await search.QuestionConditionsAsync(parsed, conditions, QuestionConditions, cancellationToken);
            var all = await QuestionResultsAsync(about, parsed.Templates, cancellationToken);
            groups.Add(new Group("questions", all.Count, false, [.. all.Skip(Skip("questions")).Take(Take("questions"))]));
        }
        var documentWords = SearchText.DocumentMatches(words);
        foreach (var (group, kind) in new[] { ("summaries", SearchDocumentKind.Summary), ("experiences", SearchDocumentKind.Experience) })
        {
            if (Wanted(group))
            {
                var language = kind == SearchDocumentKind.Summary ? Languages.Current : null;
                var (hits, count) = await index.MatchDocumentsAsync(kind, documentWords, language, Skip(group), Take(group), CountCap, cancellationToken);
                groups.Add(new Group(group, count, count >= CountCap, [.. await DocumentResultsAsync(hits, words, cancellationToken)]));
            }
        }
    }

    public string Href(string query, string? type = null, int page = 1) =>
        Languages.Localize("/search") + "?q=" + Uri.EscapeDataString(query)
        + (type is null ? "" : "&type=" + type) + (page > 1 ? "&page=" + page.ToString(CultureInfo.InvariantCulture) : "");

    private async Task<List<ConditionResult>> ConditionResultsAsync(List<SiteSearch.RankedCondition> ranked, IReadOnlyList<WordMatch> words, CancellationToken cancellationToken)
    {
        var ids = ranked.Select(r => r.Id).ToList();
        var rows = await db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Slug, c.Name, c.Definition, c.Kind, c.NeedsReview,
                Abbreviation = c.Abbreviation,
            })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var translated = await ConditionDetails.NamesInAsync(db, Languages.Current, ids, cancellationToken);
        var withContent = (await db.Questions.AsNoTracking()
            .Where(q => ids.Contains(q.ConditionId) && (q.HasPublishedSummary || q.ExperienceCount > 0))
            .OrderByDescending(q => q.HasPublishedSummary).ThenByDescending(q => q.ExperienceCount).ThenBy(q => q.Id)
            .Select(q => new { q.ConditionId, q.Slug, q.TemplateKey, q.CustomText })
            .ToListAsync(cancellationToken)).ToLookup(q => q.ConditionId);
        var synonyms = await db.ConditionNames.AsNoTracking()
            .Where(n => ids.Contains(n.ConditionId) && n.Kind != NameKind.Abbreviation)
            .Select(n => new { n.ConditionId, n.Text })
            .ToListAsync(cancellationToken);
        var results = new List<ConditionResult>();
        foreach (var r in ranked)
        {
            if (!rows.TryGetValue(r.Id, out var c))
            {
                continue;
            }
            // When a synonym matched ("Lou Gehrig's disease"), say so under the preferred name.
            string? aka = null;
            if (r.Kind is SearchNameKind.Exact or SearchNameKind.Related && !Snippets.Highlight(c.Name, words, 500).Contains("<mark>", StringComparison.Ordinal))
            {
                aka = synonyms.Where(s => s.ConditionId == r.Id).Select(s => Snippets.Highlight(s.Text, words, 200))
                    .FirstOrDefault(s => s.Contains("<mark>", StringComparison.Ordinal));
            }
            var name = translated.GetValueOrDefault(r.Id) ?? c.Name;
            var questions = withContent[r.Id].Take(5)
                .Select(q => new QuestionLink(Languages.Localize($"/conditions/{c.Slug}/{q.Slug}"), q.TemplateKey is null ? q.CustomText ?? q.Slug : t[$"QuestionLabel.{q.TemplateKey}"]))
                .ToList();
            var definition = c.Definition is null || c.NeedsReview && !Catalog.Import.DefinitionText.IsReadable(c.Definition) ? null : c.Definition;
            results.Add(new ConditionResult(c.Slug, Snippets.Highlight(name, words, 500), c.Abbreviation, aka,
                definition is null ? null : Snippets.Highlight(definition, words, 220), c.Kind, questions));
        }
        return results;
    }

    private async Task<List<QuestionResult>> QuestionResultsAsync(IReadOnlyList<SiteSearch.RankedCondition> about, IReadOnlyList<string> templates, CancellationToken cancellationToken)
    {
        if (about.Count == 0 || templates.Count == 0)
        {
            return [];
        }
        var ids = about.Select(a => a.Id).ToList();
        var rows = await db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Where(c => c.Kind == ConditionKind.Condition)
            .Select(c => new { c.Id, c.Slug, c.Name, Abbreviation = c.Abbreviation })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var translated = await ConditionDetails.NamesInAsync(db, Languages.Current, ids, cancellationToken);
        return [.. about.Where(a => rows.ContainsKey(a.Id)).SelectMany(a => templates.Select(key =>
        {
            var c = rows[a.Id];
            var name = translated.GetValueOrDefault(a.Id) ?? c.Name;
            return new QuestionResult(Languages.Localize($"/conditions/{c.Slug}/{key}"),
                t[$"Question.{key}", QuestionTemplates.NameWithAbbreviation(name, c.Abbreviation)], name);
        }))];
    }

    private async Task<List<DocumentResult>> DocumentResultsAsync(IReadOnlyList<DocumentHit> hits, IReadOnlyList<WordMatch> words, CancellationToken cancellationToken)
    {
        var questionIds = hits.Select(h => h.QuestionId).Distinct().ToList();
        var questions = await db.Questions.AsNoTracking().Where(q => questionIds.Contains(q.Id))
            .Join(db.Conditions, q => q.ConditionId, c => c.Id, (q, c) => new { q.Id, q.Slug, q.TemplateKey, q.CustomText, ConditionSlug = c.Slug, c.Name })
            .ToDictionaryAsync(q => q.Id, cancellationToken);
        return [.. hits.Where(h => questions.ContainsKey(h.QuestionId)).Select(h =>
        {
            var q = questions[h.QuestionId];
            var title = q.TemplateKey is null ? q.CustomText ?? q.Slug : $"{q.Name} · {t[$"QuestionLabel.{q.TemplateKey}"]}";
            return new DocumentResult(Languages.Localize($"/conditions/{q.ConditionSlug}/{q.Slug}"), title, h.Language, Snippets.Highlight(h.Text, words, 240));
        })];
    }
}
