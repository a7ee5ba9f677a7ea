using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// A suspended member keeps their sessions and can read, download their data or delete their account, but every write
/// is refused until <see cref="Accounts.Member.SuspendedUntil"/>. Three ways to plug the check in:
/// <list type="bullet">
/// <item>a page model: <c>[RefuseSuspended]</c> (a POST of a suspended member goes to /account/suspended), with
/// <c>Allow</c> naming the handlers that stay open (safety actions: leave, block, report, decline);</item>
/// <item>an API endpoint: <c>.RefuseSuspended()</c> (403 problem+json);</item>
/// <item>anywhere else: <c>await Suspensions.IsSuspendedAsync(db, user, clock, ct)</c>.</item>
/// </list>
/// Staff writes need none of them: the same two filters are applied by convention to every page (see
/// <see cref="ModerationServices"/>) and to the whole API group (<c>Program.cs</c>) with <c>staffOnly</c>, so every write
/// of an endpoint whose authorization names a staff role (<see cref="StaffWrites"/>) is refused to a suspended member,
/// including the next one anybody adds.
/// </summary>
public static class Suspensions
{
    public const string Page = "/account/suspended";

    /// <summary>Until when the member may not write, or null when they may.</summary>
    public static async Task<DateTime?> UntilAsync(AtlasDb db, int memberId, DateTime now, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(m => m.Id == memberId && m.SuspendedUntil > now).Select(m => m.SuspendedUntil).FirstOrDefaultAsync(cancellationToken);

    public static async Task<bool> IsSuspendedAsync(AtlasDb db, int memberId, TimeProvider clock, CancellationToken cancellationToken) =>
        await UntilAsync(db, memberId, clock.GetUtcNow().UtcDateTime, cancellationToken) is not null;

    /// <summary>Whether the signed-in member of <paramref name="user"/> is suspended (false for a stranger).</summary>
    public static Task<bool> IsSuspendedAsync(AtlasDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken) =>
        MemberId(user) is { } id ? IsSuspendedAsync(db, id, clock, cancellationToken) : Task.FromResult(false);

    public static int? MemberId(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The API's answer to a suspended member's write.</summary>
    public static IResult Problem(DateTime until) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account suspended",
        detail: $"A moderator suspended this account from writing until {until:yyyy-MM-ddTHH:mm}Z.");

    /// <summary>
    /// Refuses the endpoint to a suspended member with 403 problem+json. With <paramref name="staffOnly"/> (on a group):
    /// only its endpoints that are for staff (<see cref="StaffWrites"/>), reads included: a suspended role is paused.
    /// </summary>
    public static TBuilder RefuseSuspended<TBuilder>(this TBuilder builder, bool staffOnly = false) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (MemberId(http.User) is { } id && (!staffOnly || await StaffWrites.IsForStaffAsync(http)))
            {
                var db = http.RequestServices.GetRequiredService<AtlasDb>();
                var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                if (await UntilAsync(db, id, now, http.RequestAborted) is { } until)
                {
                    return Problem(until);
                }
            }
            return await next(context);
        });
}

/// <summary>
/// On a page model: a suspended member's POST goes to the page that says why and until when (GETs still read). Handlers
/// named in <see cref="Allow"/> (e.g. "Leave" for <c>OnPostLeaveAsync</c>) stay open to them. With
/// <see cref="StaffOnly"/> (the convention every page gets) it acts on staff pages only, and on every request to them.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RefuseSuspendedAttribute : Attribute, IAsyncPageFilter
{
    /// <summary>Handler names a suspended member may still post to: safety actions, never new words to anyone.</summary>
    public string[] Allow { get; set; } = [];

    /// <summary>Only on pages for staff (<see cref="StaffWrites"/>).</summary>
    public bool StaffOnly { get; set; }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // A staff page is refused whole, reading included: a suspended moderator no longer reads reported conversations,
        // drafts in review or the accounts list. Elsewhere only writes are refused, and the safety actions stay open.
        if ((StaffOnly ? await StaffWrites.IsForStaffAsync(http)
                : HttpMethods.IsPost(http.Request.Method) && !(context.HandlerMethod?.Name is { } handler && Allow.Contains(handler, StringComparer.OrdinalIgnoreCase)))
            && await Suspensions.IsSuspendedAsync(http.RequestServices.GetRequiredService<AtlasDb>(), http.User,
                http.RequestServices.GetRequiredService<TimeProvider>(), http.RequestAborted))
        {
            context.Result = new RedirectResult(Languages.Localize(Suspensions.Page));
            return;
        }
        await next();
    }
}

/// <summary>
/// What makes an endpoint (a page or an API answer) one for staff: its authorization, policies included, requires one of
/// the roles <see cref="Accounts.Roles.All"/> (moderator, editor, reviewer, admin). Such an endpoint is refused whole
/// to a suspended member by convention; a staff page or API has no safety action to keep open.
/// </summary>
public static class StaffWrites
{
    // Every page request asks (the convention is on every page), and the answer depends on the endpoint alone.
    private static readonly ConditionalWeakTable<Endpoint, StrongBox<bool>> Known = [];

    public static async ValueTask<bool> IsForStaffAsync(HttpContext http)
    {
        if (http.GetEndpoint() is not { } endpoint)
        {
            return false;
        }
        if (Known.TryGetValue(endpoint, out var known))
        {
            return known.Value;
        }
        var staff = await IsForStaffAsync(endpoint.Metadata, http.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>());
        Known.AddOrUpdate(endpoint, new StrongBox<bool>(staff));
        return staff;
    }

    public static async ValueTask<bool> IsForStaffAsync(EndpointMetadataCollection metadata, IAuthorizationPolicyProvider policies)
    {
        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.GetOrderedMetadata<IAuthorizeData>(), metadata.GetOrderedMetadata<AuthorizationPolicy>());
        return policy is not null && policy.Requirements.OfType<RolesAuthorizationRequirement>().Any(r => r.AllowedRoles.Any(Accounts.Roles.All.Contains));
    }
}
