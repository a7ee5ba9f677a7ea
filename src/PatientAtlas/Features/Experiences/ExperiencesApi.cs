using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// Sharing through the API, with a write-scoped personal token and consent, under the same rules as the share page
/// (<see cref="ExperienceSubmissions"/>): post on a question, read one's post, edit, delete, and mark others' posts
/// helpful. Errors are problem+json; field errors name the JSON field ("tried[2].outcome").
/// </summary>
public static class ExperiencesApi
{
    public sealed record TriedBody(string? Intervention, string? Outcome, string? Duration, string? SideEffects);

    public sealed record ExperienceBody(string? Text, string? Relation, string? Language, List<TriedBody>? Tried)
    {
        public ExperienceDraft Draft() => new(Text, Relation, Language, Tried?.Select(t => new TriedDraft(t?.Intervention, t?.Outcome, t?.Duration, t?.SideEffects)).ToList());
    }

    public sealed record TriedDto(string Intervention, string Outcome, string? Duration, string? SideEffects);

    /// <summary>A post as its author sees it: with its status and, while it waits, why (<see cref="HoldReasons"/> codes).</summary>
    public sealed record ExperienceDto(
        long Id, string Status, IReadOnlyList<string> HoldReasons, string Condition, string Question, string PageUrl, string Pseudonym,
        string Relation, string Language, string Text, DateTime CreatedAt, DateTime? UpdatedAt, int Helpful, IReadOnlyList<TriedDto> Tried,
        string? CrisisResources);

    /// <summary>The post's public helpful count and this member's vote; <c>counted</c>: whether it is in the count yet (a new member's vote waits for standing).</summary>
    public sealed record HelpfulDto(long Id, int Helpful, bool Voted, bool Counted);

    public static IEndpointRouteBuilder MapExperiencesApi(this IEndpointRouteBuilder api)
    {
        var writes = api.MapGroup("").WithTags("Experiences")
            .RequireAuthorization(TokenAuthentication.WritePolicy, ConsentPolicy.Name);
        writes.MapPost("/conditions/{condition}/questions/{question}/experiences", PostAsync).WithName("PostExperience")
            .WithSummary("Shares an experience on a question: 201 with its status (published, or pending with the reasons it waits for a moderator).")
            .Produces<ExperienceDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        writes.MapPut("/experiences/{id:long}", PutAsync).WithName("EditExperience")
            .WithSummary("Edits one's own experience (the earlier text is kept for moderators); a new member's edit, or one a safety net holds, waits again.")
            .Produces<ExperienceDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapDelete("/experiences/{id:long}", DeleteAsync).WithName("DeleteExperience").AllowWhileRefused("deleting one's own post")
            .WithSummary("Deletes one's own experience for good (with its earlier versions and votes).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        writes.MapPost("/experiences/{id:long}/helpful", (long id, ClaimsPrincipal user, HelpfulVotes votes, AtlasDb db, CancellationToken ct) => VoteAsync(id, true, user, votes, db, ct))
            .WithName("MarkHelpful").WithMetadata(new Community.NetworkLimitedAttribute(Community.NetworkBudget.HelpfulVotes)).WithSummary("Marks someone else's published experience as helpful (once).")
            .Produces<HelpfulDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapDelete("/experiences/{id:long}/helpful", (long id, ClaimsPrincipal user, HelpfulVotes votes, AtlasDb db, CancellationToken ct) => VoteAsync(id, false, user, votes, db, ct))
            .WithName("UnmarkHelpful").WithMetadata(new Community.NetworkLimitedAttribute(Community.NetworkBudget.HelpfulVotes)).WithSummary("Takes back one's helpful vote.")
            .Produces<HelpfulDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/experiences/{id:long}", GetAsync).WithName("GetExperience").WithTags("Experiences")
            .WithSummary("One experience: anyone reads a published one; its author (read token) also a waiting or refused one.")
            .Produces<ExperienceDto>().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<ExperienceDto>, ValidationProblem, ProblemHttpResult>> PostAsync(
        string condition, string question, ExperienceBody? body, ClaimsPrincipal user, ExperienceSubmissions submissions,
        IStringLocalizer<SharedResource> t, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await submissions.SubmitAsync(user.MemberId(), condition, question, body?.Draft() ?? new ExperienceDraft(null, null, null, null), cancellationToken);
        return result.Outcome switch
        {
            ExperienceSubmissions.Outcome.Saved => TypedResults.Created($"/api/v1/experiences/{result.Experience!.Id}", Dto(result.Experience, condition, question)),
            ExperienceSubmissions.Outcome.Invalid => Invalid(result, t),
            ExperienceSubmissions.Outcome.Suspended => Suspended(),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No question '{question}' on a condition '{condition}'."),
        };
    }

    private static async Task<Results<Ok<ExperienceDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        long id, ExperienceBody? body, ClaimsPrincipal user, ExperienceSubmissions submissions, AtlasDb db,
        IStringLocalizer<SharedResource> t, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await submissions.EditAsync(user.MemberId(), id, body?.Draft() ?? new ExperienceDraft(null, null, null, null), cancellationToken);
        return result.Outcome switch
        {
            ExperienceSubmissions.Outcome.Saved => TypedResults.Ok(await DtoAsync(db, result.Experience!, cancellationToken)),
            ExperienceSubmissions.Outcome.Invalid => Invalid(result, t),
            ExperienceSubmissions.Outcome.Suspended => Suspended(),
            ExperienceSubmissions.Outcome.Locked => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Decided by a moderator",
                detail: "A moderator hid or refused this experience; it can be deleted but no longer edited."),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, ClaimsPrincipal user, ExperienceSubmissions submissions, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await submissions.DeleteAsync(user.MemberId(), id, cancellationToken);
        return result.Outcome == ExperienceSubmissions.Outcome.Saved ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<Results<Ok<HelpfulDto>, ProblemHttpResult>> VoteAsync(
        long id, bool helpful, ClaimsPrincipal user, HelpfulVotes votes, AtlasDb db, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var result = await votes.VoteAsync(me, id, helpful, cancellationToken);
        if (result is HelpfulVotes.Result.Done or HelpfulVotes.Result.NotVoted)
        {
            var count = await db.Experiences.AsNoTracking().Where(e => e.Id == id).Select(e => e.HelpfulCount).SingleAsync(cancellationToken);
            var counted = helpful && await db.HelpfulVotes.AnyAsync(v => v.ExperienceId == id && v.MemberId == me && v.Counted, cancellationToken);
            return TypedResults.Ok(new HelpfulDto(id, count, helpful, counted));
        }
        return result switch
        {
            HelpfulVotes.Result.AlreadyVoted => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already voted",
                detail: "You already marked this experience as helpful."),
            HelpfulVotes.Result.OwnPost => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your own experience",
                detail: "Nobody marks their own experience as helpful."),
            HelpfulVotes.Result.Suspended => Suspended(),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<Ok<ExperienceDto>, ProblemHttpResult>> GetAsync(long id, HttpContext http, AtlasDb db, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        // The token authenticates on the API by default; without one (or with a bad one) the reader is anonymous.
        int? me = http.User.Identity?.IsAuthenticated == true ? http.User.MemberId() : null;
        var experience = await db.Experiences.AsNoTracking().Include(e => e.Tried)
            .FirstOrDefaultAsync(e => e.Id == id && (e.Status == ExperienceStatus.Published || (me != null && e.MemberId == me && e.Status != ExperienceStatus.Removed)), cancellationToken);
        return experience is null ? NotFound(id) : TypedResults.Ok(await DtoAsync(db, experience, cancellationToken));
    }

    private static async Task<ExperienceDto> DtoAsync(AtlasDb db, Experience experience, CancellationToken cancellationToken)
    {
        var where = await db.Questions.AsNoTracking().Where(q => q.Id == experience.QuestionId)
            .Select(q => new { q.Slug, Condition = db.Conditions.Where(c => c.Id == q.ConditionId).Select(c => c.Slug).First() })
            .SingleAsync(cancellationToken);
        return Dto(experience, where.Condition, where.Slug);
    }

    public static ExperienceDto Dto(Experience e, string condition, string question) => new(
        e.Id, ExperienceCodes.Code(e.Status), e.Status == ExperienceStatus.Pending ? HoldReasons.Split(e.HoldReasons) : [],
        condition, question, Languages.In(e.Language, $"/conditions/{condition}/{question}"), e.AuthorPseudonym,
        ExperienceCodes.Code(e.Relation), e.Language, e.Text, e.CreatedAt, e.UpdatedAt, e.HelpfulCount,
        [.. e.Tried.OrderBy(x => x.Id).Select(x => new TriedDto(x.Intervention, ExperienceCodes.Code(x.Outcome), x.Duration, x.SideEffects))],
        e.Urgent && e.Status == ExperienceStatus.Pending ? Languages.In(e.Language, CrisisResources.Path) : null);

    private static ValidationProblem Invalid(ExperienceSubmissions.Result result, IStringLocalizer<SharedResource> t) =>
        TypedResults.ValidationProblem(
            result.Errors!.ToDictionary(e => e.Key, e => e.Value.Select(key => (string)t[key]).ToArray()),
            title: "Invalid experience",
            extensions: new Dictionary<string, object?> { ["codes"] = result.Errors });

    private static ProblemHttpResult Suspended() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Suspended",
            detail: "A moderator suspended this account from writing for a time; see /account for when it ends.");

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No experience {id} of yours.");
}
