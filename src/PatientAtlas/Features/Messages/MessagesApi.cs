using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Messages;

/// <summary>
/// Contact and messages with a personal token, under the same rules as /messages (<see cref="ContactWrites"/>):
/// <c>GET /api/v1/messages</c>, <c>GET/POST /api/v1/messages/{id}</c>, <c>POST /api/v1/contact-requests</c>,
/// <c>POST /api/v1/contact-requests/{id}/accept|decline</c>. Another member's conversation or request is a 404.
/// </summary>
public static class MessagesApi
{
    public sealed record MessageItem(bool Mine, string Text, DateTime SentAt);

    public sealed record ConversationAnswer(long Id, string With, bool Open, IReadOnlyList<MessageItem> Messages, bool ClosedByModerators = false);

    public sealed record NewMessage(string? Text);

    public sealed record NewRequest(string? To, string? Message);

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder api)
    {
        var read = api.MapGroup("").WithTags("Messages").RequireAuthorization(TokenAuthentication.ReadPolicy);
        var write = api.MapGroup("").WithTags("Messages").RequireAuthorization(TokenAuthentication.WritePolicy);
        read.MapGet("/messages", InboxAsync).WithName("ListMessages").WithSummary("Contact requests received and sent, and conversations.");
        read.MapGet("/messages/{id:long}", ConversationAsync).WithName("GetConversation").ProducesProblem(StatusCodes.Status404NotFound);
        write.MapPost("/messages/{id:long}", SendAsync).WithName("SendMessage").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        write.MapPost("/contact-requests", RequestAsync).WithName("RequestContact").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        write.MapPost("/contact-requests/{id:long}/accept", (long id, ClaimsPrincipal user, ContactWrites writes, HttpContext http, CancellationToken ct) => DecideAsync(id, true, user, writes, http, ct)).WithName("AcceptContact");
        write.MapPost("/contact-requests/{id:long}/decline", (long id, ClaimsPrincipal user, ContactWrites writes, HttpContext http, CancellationToken ct) => DecideAsync(id, false, user, writes, http, ct)).WithName("DeclineContact")
            .AllowWhileRefused("declining a request: a safety action");
        return api;
    }

    private static async Task<Ok<Inbox.View>> InboxAsync(ClaimsPrincipal user, AtlasDb db, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await Inbox.LoadAsync(db, user.MemberId(), cancellationToken));
    }

    private static async Task<Results<Ok<ConversationAnswer>, ProblemHttpResult>> ConversationAsync(long id, ClaimsPrincipal user, AtlasDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = user.MemberId();
        var conversation = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && (c.FirstId == me || c.SecondId == me), cancellationToken);
        if (conversation is null || conversation.Left(me))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such conversation");
        }
        var other = conversation.Other(me);
        var with = await db.Users.Where(m => m.Id == other).Select(m => m.Pseudonym).SingleAsync(cancellationToken);
        var messages = await db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.Id)
            .Select(m => new MessageItem(m.SenderId == me, m.Text, m.SentAt)).ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ConversationAnswer(id, with, conversation.Open, messages, conversation.ClosedByModeratorsAt is not null));
    }

    private static async Task<Results<Created, ProblemHttpResult>> SendAsync(long id, NewMessage? body, ClaimsPrincipal user, ContactWrites writes, HttpContext http, CancellationToken cancellationToken) =>
        Answer(await writes.SendAsync(user.MemberId(), id, body?.Text, PublicOrigin.Of(http), cancellationToken), $"/api/v1/messages/{id}", http);

    private static async Task<Results<Created, ProblemHttpResult>> RequestAsync(NewRequest? body, ClaimsPrincipal user, ContactWrites writes, HttpContext http, CancellationToken cancellationToken) =>
        Answer(await writes.RequestAsync(user.MemberId(), body?.To, body?.Message, PublicOrigin.Of(http), cancellationToken), "/api/v1/messages", http);

    private static async Task<Results<Created, ProblemHttpResult>> DecideAsync(long id, bool accept, ClaimsPrincipal user, ContactWrites writes, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await writes.DecideAsync(user.MemberId(), id, accept, PublicOrigin.Of(http), cancellationToken);
        return Answer(outcome, accept && outcome.Ok ? $"/api/v1/messages/{outcome.Id}" : "/api/v1/messages");
    }

    /// <summary>A text that reads as a crisis is sent as written, and the answer links the crisis help (<c>Link: …; rel="help"</c>).</summary>
    private static Results<Created, ProblemHttpResult> Answer(ContactWrites.Outcome outcome, string location, HttpContext http)
    {
        if (outcome.Crisis)
        {
            http.Response.Headers.Link = $"<{Experiences.CrisisResources.Path}>; rel=\"help\"";
        }
        return Answer(outcome, location);
    }

    private static Results<Created, ProblemHttpResult> Answer(ContactWrites.Outcome outcome, string location) => outcome.Error switch
    {
        null => TypedResults.Created(location),
        ContactWrites.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        "Messages.TooManyRequests" or "Messages.TooManyMessages" => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: outcome.Error),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: outcome.Error),
    };
}
