using System.Text.Json;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// The API of flags and moderation, with the same rules as the pages: <c>POST /api/v1/experiences/{id}/flags</c> (a
/// write token of a member who consented, not suspended), and for moderators <c>GET /api/v1/moderation/queue</c> and
/// <c>POST /api/v1/moderation/{experiences|questions|conversations}/{id}/decisions</c> (a write token; a conversation's id
/// is its report's). Errors are problem+json.
/// </summary>
public static class ModerationApi
{
    public sealed record FlagInput(string? Reason, string? Note);

    public sealed record FlagCreated(long Experience, string Reason, string Status);

    public sealed record DecisionInput(string? Action, string? Reason, string? Passage, int? Days);

    public sealed record Decided(string Subject, long Id, string Action);

    public sealed record QueueFlag(string Reason, string? Note, int Weight, DateTime At);

    public sealed record QueueAuthor(string Pseudonym, string? TrustLevel, DateOnly? MemberSince, ModerationQueue.History? History, IReadOnlyList<QueueDecision> EarlierDecisions, DateTime? SuspendedUntil);

    public sealed record QueueDecision(DateTime At, string Action, string? Reason);

    public sealed record QueueItem(
        string Kind, long Id, bool Urgent, DateTime QueuedAt, string Condition, string? Question, string? Status, string Text, string? Details,
        string Language, IReadOnlyList<string> HoldReasons, IReadOnlyList<QueueFlag> Flags, QueueAuthor Author, string DecisionUrl,
        string? Relation = null, IReadOnlyList<QueueTried>? Tried = null, QueueEarlier? Earlier = null);

    /// <summary>A "what I tried" row as it will be published with the post.</summary>
    public sealed record QueueTried(string Intervention, string Outcome, string? Duration, string? SideEffects);

    /// <summary>The post before its author's latest edit: text, relation and tried rows.</summary>
    public sealed record QueueEarlier(string Text, DateTime EditedAt, string? Relation, IReadOnlyList<QueueTried> Tried);

    public sealed record ConversationMessage(string From, bool FromReported, string Text, DateTime SentAt);

    /// <summary>A reported conversation in the queue: the messages up to the report (at most the last 20), the reason and note.</summary>
    public sealed record ConversationItem(
        string Kind, long Id, bool Urgent, DateTime QueuedAt, long Conversation, string Reason, string? Note, string Reporter, QueueAuthor Reported,
        bool Open, int EarlierMessages, IReadOnlyList<ConversationMessage> Messages, string DecisionUrl);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/experiences/{id:long}/flags", FlagAsync).WithName("FlagExperience").WithTags("Moderation")
            .WithSummary("Flags a published experience (reason: medical-misinformation, personal-data, spam, abuse, self-harm-risk, other with a note). One flag per member and post, never on one's own.")
            .RequireAuthorization(TokenAuthentication.WritePolicy, ConsentPolicy.Name)
            
            .WithMetadata(new Community.NetworkLimitedAttribute(Community.NetworkBudget.Flags)).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .Accepts<FlagInput>("application/json").Produces<FlagCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var moderation = api.MapGroup("/moderation").WithTags("Moderation")
            .RequireAuthorization(TokenAuthentication.WritePolicy, RolePolicies.Moderator);
        moderation.MapGet("/queue", QueueAsync).WithName("ModerationQueue")
            .WithSummary("What waits for a moderator: urgent first, then the oldest.")
            .Produces<IReadOnlyList<object>>();
        moderation.MapPost("/experiences/{id:long}/decisions", (long id, HttpContext http, Deciding deciding, CancellationToken ct) =>
                DecideAsync(ModerationSubject.Experience, id, http, deciding, ct))
            .WithName("DecideExperience").WithSummary("approve, reject (reason), redact (passage), hide, or suspend (reason, days) the author.")
            .Accepts<DecisionInput>("application/json").Produces<Decided>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        moderation.MapPost("/questions/{id:long}/decisions", (long id, HttpContext http, Deciding deciding, CancellationToken ct) =>
                DecideAsync(ModerationSubject.Question, id, http, deciding, ct))
            .WithName("DecideQuestion").WithSummary("approve (publishes the question with its own page) or reject (reason) a proposed question.")
            .Accepts<DecisionInput>("application/json").Produces<Decided>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        moderation.MapPost("/conversations/{id:long}/decisions", (long id, HttpContext http, Deciding deciding, ConversationReports reports, CancellationToken ct) =>
                DecideAsync(ModerationSubject.Conversation, id, http, deciding, ct, reports))
            .WithName("DecideConversationReport").WithSummary("dismiss, warn (reason), suspend (reason, days) the reported member, or close the conversation for both; id is the report's.")
            .Accepts<DecisionInput>("application/json").Produces<Decided>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        moderation.MapPost("/organisations/{id:long}/decisions", (long id, HttpContext http, Deciding deciding, OrganisationReviews organisations, CancellationToken ct) =>
                DecideAsync(ModerationSubject.Organisation, id, http, deciding, ct, organisations: organisations))
            .WithName("DecideOrganisation").WithSummary("approve (its submitted name, website and description become public) or reject (reason) an organisation profile waiting for review.")
            .Accepts<DecisionInput>("application/json").Produces<Decided>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>An organisation profile in the queue: the submitted words, and the public ones when it is already public.</summary>
    public sealed record OrganisationItem(
        string Kind, long Id, bool Urgent, DateTime QueuedAt, string Slug, bool Published, string OrganisationKind, string Name, string? Website,
        string? Description, string? PublicName, string? PublicWebsite, string? PublicDescription, string? City, string Country,
        IReadOnlyList<string> Conditions, IReadOnlyList<string> HoldReasons, QueueAuthor Keeper, string DecisionUrl);

    private static async Task<IResult> FlagAsync(long id, HttpContext http, Flagging flagging, CancellationToken cancellationToken)
    {
        var input = await ReadAsync<FlagInput>(http, cancellationToken);
        if (input is null)
        {
            return Invalid("body", "Send a JSON object: {\"reason\": \"spam\", \"note\": null}.");
        }
        if (Flagging.Check(input.Reason, input.Note) is { } problem)
        {
            return Invalid(problem.Field, problem.Key switch
            {
                "Flag.NoteTooLong" => $"The note is at most {Community.ExperienceFlagConfiguration.NoteMaxLength} characters.",
                "Flag.NoteRequired" => "A flag for another reason needs a note.",
                _ => "reason is one of: " + string.Join(", ", Flagging.Codes.Keys) + ".",
            });
        }
        var member = http.User.MemberId();
        var outcome = await flagging.FlagAsync(member, id, input.Reason!, input.Note, cancellationToken);
        return outcome switch
        {
            Flagging.Outcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No published experience {id}."),
            Flagging.Outcome.OwnPost => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Own post", detail: "A member cannot flag their own post."),
            Flagging.Outcome.AlreadyFlagged => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already flagged", detail: "This member already flagged this post."),
            _ => TypedResults.Created($"/api/v1/experiences/{id}/flags", new FlagCreated(id, input.Reason!, outcome == Flagging.Outcome.Hidden ? "hidden" : "published")),
        };
    }

    private static QueueAuthor AuthorOf(ModerationQueue.Author a) =>
        new(a.Pseudonym, a.Trust?.ToString().ToLowerInvariant(), a.MemberSince is { } since ? DateOnly.FromDateTime(since) : null,
            a.History, [.. a.Decisions.Select(d => new QueueDecision(d.At, d.Action.ToString().ToLowerInvariant(), d.Reason))], a.SuspendedUntil);

    private static List<QueueTried> Tried(IEnumerable<Experiences.ExperienceEdit.TriedSnapshot> rows) =>
        [.. rows.Select(t => new QueueTried(t.Intervention, t.Outcome, t.Duration, t.SideEffects))];

    /// <summary>Posts, questions and reported conversations (kind "conversation") in one list: urgent first, then the oldest.</summary>
    private static async Task<IResult> QueueAsync(HttpContext http, ModerationQueue queue, ConversationReports reports, OrganisationReviews organisationReviews, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var items = await queue.ListAsync(http.User.MemberId(), cancellationToken);
        var reported = await reports.ListAsync(http.User.MemberId(), http.User.Pseudonym() ?? "moderator", cancellationToken);
        var posts = items.Select(i => (i.Urgent, i.QueuedAt, Item: (object)new QueueItem(
            i.Kind == ModerationSubject.Experience ? "experience" : "question", i.Id, i.Urgent, i.QueuedAt, i.ConditionSlug, i.QuestionSlug,
            i.Status?.ToString().ToLowerInvariant(), i.Text, i.Details, i.Language, i.HoldReasons,
            [.. i.Flags.Select(f => new QueueFlag(Flagging.Code(f.Reason), f.Note, f.Weight, f.At))],
            AuthorOf(i.Author),
            $"/api/v1/moderation/{(i.Kind == ModerationSubject.Experience ? "experiences" : "questions")}/{i.Id}/decisions",
            i.Relation is { } relation ? Experiences.ExperienceCodes.Code(relation) : null,
            i.Tried is { } tried ? Tried(tried) : null,
            i.Earlier is { } e ? new QueueEarlier(e.Text, e.EditedAt, e.Relation is { } r ? Experiences.ExperienceCodes.Code(r) : null, Tried(e.Tried ?? [])) : null)));
        var conversations = reported.Select(r => (r.Urgent, QueuedAt: r.ReportedAt, Item: (object)new ConversationItem(
            "conversation", r.Id, r.Urgent, r.ReportedAt, r.ConversationId, r.Reason, r.Note, r.Reporter, AuthorOf(r.Reported), r.ConversationOpen, r.Earlier,
            [.. r.Messages.Select(m => new ConversationMessage(m.From, m.FromReported, m.Text, m.SentAt))], $"/api/v1/moderation/conversations/{r.Id}/decisions")));
        var organisations = (await organisationReviews.ListAsync(http.User.MemberId(), cancellationToken)).Select(o => (o.Urgent, o.QueuedAt, Item: (object)new OrganisationItem(
            "organisation", o.Id, o.Urgent, o.QueuedAt, o.Slug, o.Published, o.Kind.ToString().ToLowerInvariant(), o.Name, o.Website, o.Description,
            o.PublicName, o.PublicWebsite, o.PublicDescription, o.City, o.Country, o.Conditions, o.HoldReasons, AuthorOf(o.Keeper),
            $"/api/v1/moderation/organisations/{o.Id}/decisions")));
        // A stable merge: each list is already in queue order, the posts before the conversations on a tie.
        return TypedResults.Ok(posts.Concat(conversations).Concat(organisations).OrderByDescending(x => x.Urgent).ThenBy(x => x.QueuedAt).Select(x => x.Item).ToList());
    }

    private static async Task<IResult> DecideAsync(ModerationSubject subject, long id, HttpContext http, Deciding deciding, CancellationToken cancellationToken,
        ConversationReports? reports = null, OrganisationReviews? organisations = null)
    {
        var input = await ReadAsync<DecisionInput>(http, cancellationToken);
        if (input is null)
        {
            return Invalid("body", "Send a JSON object: {\"action\": \"approve\"}.");
        }
        var request = new Deciding.Request(input.Action, input.Reason, input.Passage, input.Days);
        var moderator = http.User.Pseudonym()!;
        var moderatorId = http.User.MemberId();
        var result = subject switch
        {
            ModerationSubject.Experience => await deciding.DecideExperienceAsync(id, request, moderatorId, moderator, PublicOrigin.Of(http), cancellationToken),
            ModerationSubject.Question => await deciding.DecideQuestionAsync(id, request, moderatorId, moderator, PublicOrigin.Of(http), cancellationToken),
            ModerationSubject.Organisation => await organisations!.DecideAsync(id, request, moderatorId, moderator, PublicOrigin.Of(http), cancellationToken),
            _ => await reports!.DecideAsync(id, request, moderatorId, moderator, PublicOrigin.Of(http), cancellationToken),
        };
        return result.Outcome switch
        {
            Deciding.Outcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: subject == ModerationSubject.Conversation ? $"No conversation report {id}." : $"No {subject.ToString().ToLowerInvariant()} {id} in moderation."),
            Deciding.Outcome.OwnCase => OwnCase.Problem(Deciding.OwnCaseCode, subject == ModerationSubject.Conversation
                ? "This report is about a conversation you are in; another moderator decides it. Nothing changed."
                : $"This {subject.ToString().ToLowerInvariant()} is your own; another moderator decides it. Nothing changed."),
            Deciding.Outcome.AlreadyDecided => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already decided", detail: "Another decision was made on this item; nothing changed."),
            Deciding.Outcome.Invalid => Invalid(result.Field!, result.Key switch
            {
                "Moderation.ReasonRequired" => "This action needs a reason.",
                "Moderation.ReasonTooLong" => $"The reason is at most {ModerationDecision.ReasonMaxLength} characters.",
                "Moderation.PassageRequired" => "A redaction needs the passage to remove.",
                "Moderation.PassageNotFound" => "The passage does not occur in the post.",
                "Moderation.DaysRange" => $"days is from 1 to {Deciding.MaxSuspensionDays}.",
                "Moderation.NoMember" => "This post has no member account to suspend.",
                _ => subject switch
                {
                    ModerationSubject.Question or ModerationSubject.Organisation => "action is approve or reject.",
                    ModerationSubject.Conversation => "action is one of: " + string.Join(", ", ConversationReports.Codes.Keys) + ".",
                    _ => "action is one of: " + string.Join(", ", Deciding.Codes.Keys) + ".",
                },
            }),
            _ => TypedResults.Ok(new Decided(subject.ToString().ToLowerInvariant(), id, input.Action!)),
        };
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken) where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Invalid(string field, string detail) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, detail: detail, title: "Invalid input");
}
