using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// The editorial workflow on the API, with a personal token: the review queue and a summary's state for editors and
/// reviewers; writing the draft and submitting it (editors, write scope); approving, requesting changes and commenting
/// (reviewers, write scope). Everyone reads a question's reviewed revisions with their review dates. Errors are problem+json.
/// </summary>
public static class EditorialApi
{
    public sealed record CitationDto(string Identifier, string Title, DateOnly? Accessed);

    public sealed record RevisionDto(int Id, string Status, Guid Version, string ShortAnswer, string BodyMarkdown, string? ChangeNote, string Author,
        string? Reviewer, DateOnly? ReviewedOn, DateOnly? PublishedOn, DateOnly? NextReviewDue, IReadOnlyList<CitationDto> Citations);

    public sealed record CommentDto(string Kind, string? Section, string Text, DateTime At);

    public sealed record SummaryState(string Condition, string Question, string Language, RevisionDto? Working, RevisionDto? Published, IReadOnlyList<CommentDto> Comments);

    public sealed record QueueItem(string Condition, string Question, string Language, string Status, string Author, string Url);

    public sealed record HistoryItem(int Id, string Language, string Status, string? Reviewer, string? ReviewerUrl, DateOnly? ReviewedOn, DateOnly? PublishedOn, DateOnly? NextReviewDue, string? ChangeNote);

    public sealed record DraftRequest(string? ShortAnswer, string? BodyMarkdown, string? ChangeNote, List<CitationRequest>? Citations, Guid? Version);

    public sealed record CitationRequest(string? Identifier, string? Title, string? Accessed);

    public sealed record SubmitRequest(Guid? Version);

    public sealed record ReviewRequest(string? Decision, Guid? Version, string? Comment, string? Section);

    public static IEndpointRouteBuilder MapEditorialApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conditions/{condition}/questions/{question}/history", HistoryAsync).WithName("GetSummaryHistory").WithTags("Questions")
            .WithSummary("Every reviewed revision of the question's summaries (all languages): status, reviewer, review dates, change note.")
            .Produces<IReadOnlyList<HistoryItem>>();
        var editorial = api.MapGroup("/editorial").WithTags("Editorial");
        editorial.MapGet("/queue", QueueAsync).WithName("EditorialQueue").RequireAuthorization(TokenAuthentication.ReadPolicy, RolePolicies.Editorial)
            .WithSummary("Open revisions (draft, in review, changes requested), for editors and reviewers.")
            .Produces<IReadOnlyList<QueueItem>>();
        editorial.MapGet("/{condition}/{question}/{language}", StateAsync).WithName("EditorialSummary").RequireAuthorization(TokenAuthentication.ReadPolicy, RolePolicies.Editorial)
            .WithSummary("A summary's open and published revisions, with the open one's comments and version.")
            .Produces<SummaryState>();
        editorial.MapPut("/{condition}/{question}/{language}/draft", DraftAsync).WithName("EditorialSaveDraft").RequireAuthorization(TokenAuthentication.WritePolicy, RolePolicies.Editor)
            .WithSummary("Creates or saves the draft; give the open revision's version (none for a new draft): 409 when it changed.");
        editorial.MapPost("/{condition}/{question}/{language}/submit", SubmitAsync).WithName("EditorialSubmit").RequireAuthorization(TokenAuthentication.WritePolicy, RolePolicies.Editor)
            .WithSummary("Puts the draft in the review queue.");
        editorial.MapPost("/{condition}/{question}/{language}/review", ReviewAsync).WithName("EditorialReview").RequireAuthorization(TokenAuthentication.WritePolicy, RolePolicies.Reviewer)
            .WithSummary("decision: approve (publishes), request-changes (needs a comment) or comment; version: the revision read.");
        return api;
    }

    private static async Task<IResult> HistoryAsync(string condition, string question, AtlasDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, "en", cancellationToken);
        if (target?.QuestionId is not { } questionId)
        {
            return NotFound();
        }
        var rows = await (
            from r in db.SummaryRevisions.AsNoTracking()
            where r.Status == SummaryStatus.Published || r.Status == SummaryStatus.Superseded
            join s in db.Summaries on r.SummaryId equals s.Id
            where s.QuestionId == questionId
            orderby s.Language, r.Id descending
            select new { r.Id, s.Language, r.Status, Reviewer = r.Reviewer == null ? null : r.Reviewer.FullName + ", " + r.Reviewer.Credentials,
                Slug = r.Reviewer == null ? null : r.Reviewer.Slug, r.ReviewedOn, r.PublishedOn, r.NextReviewDue, r.ChangeNote })
            .Take(500).ToListAsync(cancellationToken);
        var origin = Platform.PublicOrigin.Of(http);
        return Results.Ok(rows.Select(r => new HistoryItem(r.Id, r.Language, Status(r.Status), r.Reviewer, r.Slug is null ? null : $"{origin}/reviewers/{r.Slug}",
            r.ReviewedOn, r.PublishedOn, r.NextReviewDue, r.ChangeNote)).ToList());
    }

    private static async Task<IResult> QueueAsync(AtlasDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var working = SummaryWorkflow.Working;
        var rows = await (
            from r in db.SummaryRevisions.AsNoTracking()
            where working.Contains(r.Status)
            join s in db.Summaries on r.SummaryId equals s.Id
            join q in db.Questions on s.QuestionId equals q.Id
            join c in db.Conditions on q.ConditionId equals c.Id
            orderby r.Id
            select new { Condition = c.Slug, Question = q.Slug, s.Language, r.Status, r.AuthorName })
            .Take(500).ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        var origin = Platform.PublicOrigin.Of(http);
        return Results.Ok(rows.Select(r => new QueueItem(r.Condition, r.Question, r.Language, Status(r.Status), r.AuthorName,
            $"{origin}/editorial/{r.Condition}/{r.Question}?lang={r.Language}")).ToList());
    }

    private static async Task<IResult> StateAsync(string condition, string question, string language, AtlasDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, language, cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        var working = await SummaryWorkflow.WorkingAsync(db, target.SummaryId, tracked: false, cancellationToken);
        var published = await SummaryWorkflow.PublishedAsync(db, target.SummaryId, cancellationToken);
        var comments = working is null ? [] : await db.ReviewComments.AsNoTracking().Where(c => c.SummaryRevisionId == working.Id).OrderBy(c => c.Id)
            .Select(c => new CommentDto(c.Kind.ToString(), c.Section, c.Text, c.CreatedAt)).ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new SummaryState(target.ConditionSlug, target.QuestionSlug, target.Language, Dto(working), Dto(published), comments));
    }

    private static async Task<IResult> DraftAsync(string condition, string question, string language, DraftRequest? body, AtlasDb db, SummaryWorkflow workflow,
        System.Security.Claims.ClaimsPrincipal user, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, language, cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        var input = new DraftInput
        {
            ShortAnswer = body?.ShortAnswer, Body = body?.BodyMarkdown, ChangeNote = body?.ChangeNote, Version = body?.Version ?? Guid.Empty,
            Citations = [.. (body?.Citations ?? []).Select(c => new CitationInput { Identifier = c.Identifier, Title = c.Title, Accessed = c.Accessed })],
        };
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => t[e.Key].Value).ToArray()),
                title: "The draft is not valid", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");
        }
        var actor = await SummaryWorkflow.ActorAsync(db, user, cancellationToken);
        var (outcome, revision) = await workflow.SaveDraftAsync(target, actor!, input, cancellationToken);
        return outcome == SummaryWorkflow.Outcome.Done ? Results.Ok(Dto(revision)) : Refused(outcome, t);
    }

    private static async Task<IResult> SubmitAsync(string condition, string question, string language, SubmitRequest? body, AtlasDb db, SummaryWorkflow workflow,
        System.Security.Claims.ClaimsPrincipal user, IStringLocalizer<SharedResource> t, HttpContext http, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, language, cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        if (body?.Version is not { } version)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "version is required", detail: "Give the version of the draft you submit.");
        }
        var actor = await SummaryWorkflow.ActorAsync(db, user, cancellationToken);
        var outcome = await workflow.SubmitAsync(target, actor!, version, cancellationToken);
        return outcome == SummaryWorkflow.Outcome.Done ? await StateAsync(condition, question, language, db, http, cancellationToken) : Refused(outcome, t);
    }

    private static async Task<IResult> ReviewAsync(string condition, string question, string language, ReviewRequest? body, AtlasDb db, SummaryWorkflow workflow,
        System.Security.Claims.ClaimsPrincipal user, IStringLocalizer<SharedResource> t, HttpContext http, CancellationToken cancellationToken)
    {
        var target = await SummaryWorkflow.FindAsync(db, condition, question, language, cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        if (body is null || body.Decision is not ("approve" or "request-changes" or "comment") || body.Decision != "comment" && body.Version is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid review",
                detail: "decision is approve, request-changes or comment; approve and request-changes need the version of the revision read.");
        }
        var actor = (await SummaryWorkflow.ActorAsync(db, user, cancellationToken))!;
        var outcome = body.Decision switch
        {
            "approve" => await workflow.ApproveAsync(target, actor, body.Version!.Value, body.Comment, cancellationToken),
            "request-changes" => await workflow.RequestChangesAsync(target, actor, body.Version!.Value, body.Section, body.Comment, cancellationToken),
            _ => await workflow.CommentAsync(target, actor, body.Section, body.Comment, cancellationToken),
        };
        return outcome == SummaryWorkflow.Outcome.Done ? await StateAsync(condition, question, language, db, http, cancellationToken) : Refused(outcome, t);
    }

    private static IResult Refused(SummaryWorkflow.Outcome outcome, IStringLocalizer<SharedResource> t) => outcome == SummaryWorkflow.Outcome.OwnText
        ? Moderation.OwnCase.Problem("Editorial.OwnText", t["Editorial.Outcome.OwnText"].Value)
        : Results.Problem(statusCode: outcome switch
        {
            SummaryWorkflow.Outcome.Forbidden => StatusCodes.Status403Forbidden,
            SummaryWorkflow.Outcome.NotFound => StatusCodes.Status404NotFound,
            SummaryWorkflow.Outcome.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        }, title: outcome.ToString(), detail: t["Editorial.Outcome." + outcome].Value);

    private static IResult NotFound() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such condition, question or language (en, es).");

    private static RevisionDto? Dto(SummaryRevision? r) => r is null ? null : new RevisionDto(r.Id, Status(r.Status), r.Version, r.ShortAnswer, r.BodyMarkdown, r.ChangeNote,
        r.AuthorName, r.Reviewer is null ? null : $"{r.Reviewer.FullName}, {r.Reviewer.Credentials}", r.ReviewedOn, r.PublishedOn, r.NextReviewDue,
        [.. r.Citations.OrderBy(c => c.Position).Select(c => new CitationDto(CitationInput.IdentifierOf(c.PubMedId, c.Doi, c.Url), c.Title, c.AccessedOn))]);

    public static string Status(SummaryStatus status) => status switch
    {
        SummaryStatus.Draft => "draft",
        SummaryStatus.InReview => "in-review",
        SummaryStatus.ChangesRequested => "changes-requested",
        SummaryStatus.Published => "published",
        _ => "superseded",
    };

    /// <summary>"Citations[0].Identifier" → "citations[0].identifier", as the JSON names it.</summary>
    private static string Camel(string field) => string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
