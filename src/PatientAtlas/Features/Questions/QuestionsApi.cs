using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// Questions as open data: the list of a condition's questions with counts, and one question with its
/// reviewed summary, counts, aggregated "what people tried" and a page of experiences. Answers carry an
/// ETag; a matching If-None-Match gets 304 without a body.
/// </summary>
public static class QuestionsApi
{
    public sealed record QuestionListItem(string Slug, string Text, string Url, string PageUrl, int Experiences, bool HasReviewedSummary);

    public sealed record QuestionList(string Condition, string ConditionName, string Language, IReadOnlyList<QuestionListItem> Questions);

    public sealed record ReviewerDto(string Name, string Credentials, string Url);

    public sealed record CitationDto(int Number, string Title, string? Url, string? PubMedId, string? Doi);

    public sealed record SummaryDto(
        string Language, string ShortAnswer, string BodyMarkdown, string Author, ReviewerDto? Reviewer,
        DateOnly? LastReviewed, DateOnly? Published, DateOnly? NextReviewDue, bool ReviewOverdue, IReadOnlyList<CitationDto> Citations);

    public sealed record TriedDto(string Intervention, int People, bool OutcomesShown, int? Helped, int? NoChange, int? Worse);

    public sealed record TriedEntryDto(string Intervention, string Outcome, string? Duration, string? SideEffects);

    public sealed record ExperienceDto(
        long Id, string Pseudonym, string Relation, string Language, string Text, DateTime CreatedAt, int Helpful, IReadOnlyList<TriedEntryDto> Tried);

    public sealed record QuestionDetail(
        string Condition, string ConditionName, string? Abbreviation, IReadOnlyList<string> Codes, string Question, string Text, string Language,
        string PageUrl, SummaryDto? Summary, int ExperienceCount, int OutcomeThreshold, IReadOnlyList<TriedDto> Tried,
        IReadOnlyList<ExperienceDto> Experiences, string? Next);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapEndpoints(IEndpointRouteBuilder app)
    {
        // Cached like the question pages (tagged with the condition, evicted on its changes); a hit still passes the rate limit.
        var api = app.MapGroup("/conditions/{condition}/questions")
            .CacheOutput(PagePolicy.Name).WithTags("Questions");
        api.MapGet("", ListAsync).WithName("ListQuestions")
            .Produces<QuestionList>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{question}", GetAsync).WithName("GetQuestion")
            .Produces<QuestionDetail>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, ProblemHttpResult>> ListAsync(
        string condition, string? lang, HttpContext context, AtlasDb db, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        if (!TryLanguage(lang, out var language))
        {
            return BadRequest("lang is 'en' or 'es'.");
        }
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        if (found.Outcome != ConditionLookup.Result.Found)
        {
            return Answer(found, condition, "/questions");
        }
        var head = await db.Conditions.AsNoTracking().Where(c => c.Id == found.Id)
            .Select(c => new { c.Name, Abbreviation = c.Abbreviation })
            .SingleAsync(cancellationToken);
        var rows = await db.Questions.AsNoTracking()
            .Where(q => q.ConditionId == found.Id)
            .Select(q => new
            {
                q.Slug, q.TemplateKey, q.CustomText,
                Experiences = q.ExperienceCount,
                HasSummary = q.HasPublishedSummary,
            })
            .ToListAsync(cancellationToken);
        var display = QuestionTemplates.NameWithAbbreviation(head.Name, head.Abbreviation);
        var bySlug = rows.ToDictionary(r => r.Slug, StringComparer.Ordinal);
        var items = QuestionTemplates.Keys
            .Select(key => (Slug: key, Text: (string)t[$"Question.{key}", display], Row: bySlug.GetValueOrDefault(key)))
            .ToList()
            .Concat(rows.Where(r => r.TemplateKey is null).Select(r => (r.Slug, Text: r.CustomText ?? r.Slug, Row: r ?? null)))
            .Select(x => new QuestionListItem(x.Slug, x.Text, $"/api/v1/conditions/{found.Slug}/questions/{x.Slug}",
                Languages.In(language, $"/conditions/{found.Slug}/{x.Slug}"), x.Row?.Experiences ?? 0, x.Row?.HasSummary ?? false))
            .ToList();
        return WithETag(context, new QuestionList(found.Slug!, head.Name, language, items));
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, ProblemHttpResult>> GetAsync(
        string condition, string question, string? lang, string? sort, string? after, HttpContext context, AtlasDb db,
        IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!TryLanguage(lang, out var language))
        {
            return BadRequest("lang is 'en' or 'es'.");
        }
        if (!ExperienceCursor.TryParseSort(sort, out var order))
        {
            return BadRequest("sort is 'newest' or 'helpful'.");
        }
        ExperienceCursor? cursor = null;
        if (after is not null)
        {
            if (!ExperienceCursor.TryParse(after, out var parsed))
            {
                return BadRequest("after is the 'next' cursor of a previous answer.");
            }
            cursor = parsed;
        }
        var (lookup, view) = await QuestionQuery.LoadAsync(db, condition, question, language, order, cursor, cancellationToken);
        if (view is null)
        {
            return lookup.Outcome == ConditionLookup.Result.NotFound && lookup.Slug is not null
                ? NotFound($"'{question}' is not a question of '{lookup.Slug}'.")
                : ConditionLookup.IsSlugPath(question) ? Answer(lookup, condition, "/questions/" + question) : NotFound($"No question '{question}'.");
        }
        var text = view.TemplateKey is null ? view.CustomText ?? view.QuestionSlug : (string)t[$"Question.{view.TemplateKey}", view.Condition.Display];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var summary = view.Summary is { } s
            ? new SummaryDto(
                s.Language, s.ShortAnswer, s.BodyMarkdown, s.AuthorName,
                s.Reviewer is { } r ? new ReviewerDto(r.FullName, r.Credentials, $"/reviewers/{r.Slug}") : null,
                s.ReviewedOn, s.PublishedOn, s.NextReviewDue, s.NextReviewDue < today,
                [.. s.Citations.Select(c => new CitationDto(c.Position, c.Title, c.Href, c.PubMedId, c.Doi))])
            : null;
        var self = $"/api/v1/conditions/{view.Condition.Slug}/questions/{view.QuestionSlug}";
        var detail = new QuestionDetail(
            view.Condition.Slug, view.Condition.Name, view.Condition.Abbreviation,
            [.. view.Condition.Codes.Select(c => c.Display)], view.QuestionSlug, text, language,
            Languages.In(language, $"/conditions/{view.Condition.Slug}/{view.QuestionSlug}"),
            summary, view.ExperienceCount, QuestionView.OutcomeThreshold,
            [.. view.Tried.Select(a => a.ShowOutcomes
                ? new TriedDto(a.Intervention, a.People, true, a.Helped, a.NoChange, a.Worse)
                : new TriedDto(a.Intervention, a.People, false, null, null, null))],
            [.. view.Experiences.Select(e => new ExperienceDto(
                e.Id, e.Pseudonym, e.Relation.ToString(), e.Language, e.Text, e.CreatedAt, e.HelpfulCount,
                [.. e.Tried.Select(x => new TriedEntryDto(x.Intervention, x.Outcome.ToString(), x.Duration, x.SideEffects))]))],
            view.Next is { } next ? $"{self}?lang={language}&sort={(order == ExperienceSort.Helpful ? "helpful" : "newest")}&after={next}" : null);
        return WithETag(context, detail);
    }

    /// <summary>Serializes once, hashes the bytes into a strong ETag, and answers 304 when the client has them.</summary>
    private static Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, ProblemHttpResult> WithETag<T>(HttpContext context, T body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"");
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.Headers.Vary = "Accept-Encoding";
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(e => e.Compare(etag, useStrongComparison: false) || e.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(bytes, "application/json; charset=utf-8");
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, ProblemHttpResult> Answer(ConditionLookup.Found found, string condition, string rest) => found.Outcome switch
    {
        ConditionLookup.Result.Moved => (Results<FileContentHttpResult, StatusCodeHttpResult, RedirectHttpResult, ProblemHttpResult>)TypedResults.Redirect($"/api/v1/conditions/{found.Slug}{rest}", permanent: true),
        ConditionLookup.Result.Gone => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Condition retired",
            detail: $"'{condition}' was retired from the catalog and has no replacement."),
        _ => NotFound($"No condition has the slug '{condition}'."),
    };

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    private static bool TryLanguage(string? lang, out string language)
    {
        language = string.IsNullOrEmpty(lang) ? Languages.Default : lang.ToLowerInvariant();
        return Languages.Supported.Contains(language);
    }
}
