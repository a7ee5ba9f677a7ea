using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// One way to refuse. Every write a signed-in member makes (a page's POST handler, an API endpoint other than GET) is
/// refused when the member has not consented to the current text or is suspended, and counts against the write rate
/// limit. Nobody restates it: <see cref="MemberWritePages"/> applies it to every page whose authorization requires sign-in,
/// <see cref="RefuseMemberWrites"/> to every API endpoint of the group. Writes are classified by their endpoint:
/// <list type="bullet">
/// <item>member writes (sign-in required): this policy: a page sends the member to the consent page or to
/// <see cref="SuspendedPage"/>, the API answers 403 problem+json ("Consent required", "Account suspended");</item>
/// <item>safety actions (report, block, leave, decline, hide location, my data, delete one's own post, consent itself,
/// sign-out, account security): open to a refused member, each declared on its handler or endpoint with
/// <see cref="AllowWhileRefusedAttribute"/> and its reason, and so listed by the endpoints;</item>
/// <item>staff writes (a <see cref="RolePolicies"/> policy): refused to a suspended member with their whole role, reading
/// included, by the policy itself; a moderator acts on others' words, so their own consent is not asked;</item>
/// <item>anonymous writes (sign-up, sign-in, password reset, the contact and error forms): no sign-in, so no member to
/// refuse; each keeps its own rate limit per address (<c>[EnableRateLimiting]</c> on the page).</item>
/// </list>
/// The write limit applies to member, safety and staff writes alike. <c>WriteRefusalTests</c> derives the list from the
/// endpoints and fails for a write that fits none of these.
/// </summary>
public static class MemberWrites
{
    public const string SuspendedPage = "/account/suspended";

    public static string ConsentDetail => $"Give consent to the current text (version {ConsentText.Version}) at /account/consent before storing or reading health data.";

    public static string SuspendedDetail(DateTime until) => $"A moderator suspended this account from writing until {until:yyyy-MM-ddTHH:mm}Z.";

    public static bool IsWrite(string? method) => method is not null
        && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>The one suspension query: until when the member may not write, or null when they may.</summary>
    public static async Task<DateTime?> SuspendedUntilAsync(AtlasDb db, int memberId, DateTime now, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(m => m.Id == memberId && m.SuspendedUntil > now).Select(m => m.SuspendedUntil).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Why the signed-in member's write is refused, or null when it is not.</summary>
    public static async Task<WriteRefusal?> RefusalAsync(HttpContext http)
    {
        if (http.User.MemberIdOrNull() is not { } id)
        {
            return null;
        }
        var db = http.RequestServices.GetRequiredService<AtlasDb>();
        if (!await ConsentText.IsGivenAsync(db, id, http.RequestAborted))
        {
            return new WriteRefusal(null);
        }
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        return await SuspendedUntilAsync(db, id, now, http.RequestAborted) is { } until ? new WriteRefusal(until) : null;
    }

    public static IServiceCollection AddMemberWrites(this IServiceCollection services)
    {
        services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new MemberWritePages()));
        services.AddScoped<IAuthorizationHandler, ActiveRoleHandler>();
        return services;
    }

    /// <summary>The policy on every write of an API group (classified once, when the endpoints are built).</summary>
    public static RouteGroupBuilder RefuseMemberWrites(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            if (!methods.Any(IsWrite) || Classify(endpoint.Metadata) is not { } kind)
            {
                return;
            }
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(AccountServices.WriteRateLimit));
            if (kind == WriteKind.Member)
            {
                endpoint.Metadata.Add(MemberWritePolicy.Instance);
            }
        });
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.GetEndpoint()?.Metadata.GetMetadata<MemberWritePolicy>() is not null && await RefusalAsync(http) is { } refusal)
            {
                return refusal.Until is { } until
                    ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account suspended", detail: SuspendedDetail(until))
                    : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Consent required", detail: ConsentDetail);
            }
            return await next(context);
        });
        return group;
    }

    /// <summary>What a signed-in write is from its authorization (null: anonymous).</summary>
    internal static WriteKind? Classify(IEnumerable<object> metadata)
    {
        var items = metadata.ToList();
        var authorize = items.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || items.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }
        if (authorize.Any(a => a.Policy is { } policy && RolePolicies.All.ContainsKey(policy)))
        {
            return WriteKind.Staff;
        }
        return items.OfType<AllowWhileRefusedAttribute>().Any() ? WriteKind.Safety : WriteKind.Member;
    }

    internal enum WriteKind
    {
        Member,
        Safety,
        Staff,
    }
}

/// <summary>A refused write: without consent (<see cref="Until"/> null) or suspended until then.</summary>
public sealed record WriteRefusal(DateTime? Until);

/// <summary>Metadata of an endpoint under the member-write policy (added by convention, never by hand).</summary>
public sealed class MemberWritePolicy
{
    public static readonly MemberWritePolicy Instance = new();

    private MemberWritePolicy()
    {
    }
}

/// <summary>
/// The page half of <see cref="MemberWrites"/>: every page with a write handler and an authorization requiring sign-in gets
/// the write rate limit, and, unless it is for staff, the refusal filter on its write handlers (safety actions excepted).
/// </summary>
public sealed class MemberWritePages : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        var writes = model.HandlerMethods.Where(h => MemberWrites.IsWrite(h.HttpMethod)).ToList();
        var metadata = model.HandlerTypeAttributes.Concat(model.EndpointMetadata).ToList();
        if (writes.Count == 0 || MemberWrites.Classify(metadata) is not { } kind)
        {
            return;
        }
        if (!metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            model.EndpointMetadata.Add(new EnableRateLimitingAttribute(AccountServices.WriteRateLimit));
        }
        if (kind == MemberWrites.WriteKind.Staff)
        {
            return;
        }
        var open = writes.Where(h => h.MethodInfo.IsDefined(typeof(AllowWhileRefusedAttribute), inherit: false)).Select(h => h.MethodInfo).ToHashSet();
        if (open.Count < writes.Count)
        {
            model.Filters.Add(new MemberWriteFilter(open));
            model.EndpointMetadata.Add(MemberWritePolicy.Instance);
        }
    }
}

/// <summary>Refuses a page write: to the consent page (then back), or to the page saying until when the member is suspended.</summary>
public sealed class MemberWriteFilter(IReadOnlySet<System.Reflection.MethodInfo> open) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (MemberWrites.IsWrite(http.Request.Method) && !(context.HandlerMethod is { } handler && open.Contains(handler.MethodInfo))
            && await MemberWrites.RefusalAsync(http) is { } refusal)
        {
            context.Result = new RedirectResult(refusal.Until is null ? ConsentPolicy.ConsentPage(http) : Languages.Localize(MemberWrites.SuspendedPage));
            return;
        }
        await next();
    }
}

/// <summary>A staff role is paused while its holder is suspended (<see cref="RolePolicies"/>).</summary>
public sealed class ActiveRoleHandler(AtlasDb db, TimeProvider clock) : AuthorizationHandler<ActiveRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveRoleRequirement requirement)
    {
        if (context.User.MemberIdOrNull() is { } id
            && await MemberWrites.SuspendedUntilAsync(db, id, clock.GetUtcNow().UtcDateTime, CancellationToken.None) is { } until)
        {
            context.Fail(new SuspendedReason(this, until));
            return;
        }
        context.Succeed(requirement);
    }
}
