using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Search;

/// <summary>GET /api/v1/search/suggest?q=: up to eight conditions and questions for the search box.</summary>
public static class SearchApi
{
    public const int MaxSuggestions = 8;

    public sealed record Suggestion(string Label, string Kind, string Url);

    public sealed record Suggestions(string Query, IReadOnlyList<Suggestion> Items);

    public static IEndpointRouteBuilder MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/search").WithTags("Search");
        api.MapGet("/suggest", SuggestAsync).WithName("SuggestSearch")
            .WithSummary("Conditions and questions for a search box: label, kind (condition or question) and URL.")
            // The same for every reader: cached like the pages, per q and lang, and evicted with any condition's change.
            .WithMetadata(new Microsoft.AspNetCore.OutputCaching.OutputCacheAttribute { PolicyName = PagePolicy.Name, Tags = [PagePolicy.Home] });
        return app;
    }

    private static async Task<Results<Ok<Suggestions>, ProblemHttpResult>> SuggestAsync(
        string? q, string? lang, HttpContext http, AtlasDb db, SiteSearch search, SearchBudget budget, IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        using var limit = budget.Start(cancellationToken);
        try
        {
            return await SuggestWithinAsync(q, lang, http, db, search, localizers, limit.Token);
        }
        catch (Exception e) when (SearchBudget.RanOut(e, limit, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Search took too long",
                detail: "The suggestions took longer than the search time budget; type more letters or try again.");
        }
    }

    private static async Task<Results<Ok<Suggestions>, ProblemHttpResult>> SuggestWithinAsync(
        string? q, string? lang, HttpContext http, AtlasDb db, SiteSearch search, IStringLocalizerFactory localizers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing query", detail: "q is required: the text typed so far.");
        }
        if (q.Length > SearchText.MaxQueryLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Query too long",
                detail: $"q is at most {SearchText.MaxQueryLength} characters.");
        }
        var language = lang is "es" ? "es" : Languages.Default;
        var parsed = SiteSearch.ParsedQuery.Parse(q);
        var items = new List<Suggestion>();
        if (parsed.Words.Count > 0 || SearchText.LooksLikeIcd10(q))
        {
            // Fuzzy matching only when nothing matches as typed: a suggestion must come back in about a millisecond.
            var found = await search.ConditionsAsync(parsed, MaxSuggestions, fuzzy: false, cancellationToken);
            if (found.Conditions.Count == 0)
            {
                found = await search.ConditionsAsync(parsed, MaxSuggestions, fuzzy: true, cancellationToken);
            }
            var about = await search.QuestionConditionsAsync(parsed, found, 3, cancellationToken);
            var ids = found.Conditions.Select(c => c.Id).Concat(about.Select(c => c.Id)).Distinct().ToList();
            var rows = await db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.Slug, c.Name, c.Kind, Abbreviation = c.Abbreviation })
                .ToDictionaryAsync(c => c.Id, cancellationToken);
            // Names in the reader's language where the condition has one ("Espasmo hemifacial").
            var translated = await ConditionDetails.NamesInAsync(db, language, ids, cancellationToken);
            string NameOf(int id) => translated.GetValueOrDefault(id) ?? rows[id].Name;
            var t = Localizer(localizers, language);
            foreach (var c in about.Where(c => rows.TryGetValue(c.Id, out var r) && r.Kind == ConditionKind.Condition).Take(3))
            {
                var row = rows[c.Id];
                foreach (var key in parsed.Templates.Take(2))
                {
                    items.Add(new Suggestion(t[$"Question.{key}", QuestionTemplates.NameWithAbbreviation(NameOf(c.Id), row.Abbreviation)], "question",
                        Languages.In(language, $"/conditions/{row.Slug}/{key}")));
                }
            }
            foreach (var c in found.Conditions.Where(c => rows.ContainsKey(c.Id)))
            {
                var row = rows[c.Id];
                items.Add(new Suggestion(QuestionTemplates.NameWithAbbreviation(NameOf(c.Id), row.Abbreviation), "condition", Languages.In(language, CatalogPaths.Of(row.Slug, row.Kind))));
            }
        }
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new Suggestions(q, [.. items.Take(MaxSuggestions)]));
    }

    private static CultureLocalizer Localizer(IStringLocalizerFactory factory, string language)
    {
        var localizer = factory.Create(typeof(SharedResource));
        var culture = System.Globalization.CultureInfo.GetCultureInfo(language);
        return new CultureLocalizer(localizer, culture);
    }

    /// <summary>Reads resources in the language the caller asked for, whatever the request's culture.</summary>
    private sealed class CultureLocalizer(IStringLocalizer inner, System.Globalization.CultureInfo culture) : IStringLocalizer
    {
        public LocalizedString this[string name] => With(() => inner[name]);

        public LocalizedString this[string name, params object[] arguments] => With(() => inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => With(() => inner.GetAllStrings(includeParentCultures).ToList());

        private T With<T>(Func<T> read)
        {
            var previous = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            try
            {
                return read();
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentUICulture = previous;
            }
        }
    }
}
