using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Consent;

/// <summary>
/// "Needs consent": the authorization policy of every page and API endpoint that stores or shows a member's health
/// data. Put <c>[Authorize(Policy = ConsentPolicy.Name)]</c> on a page model, or <c>.RequireAuthorization(ConsentPolicy.Name)</c>
/// on an endpoint. A visitor who is not signed in is sent to sign in as usual; a signed-in member without consent to
/// the current text is sent to /account/consent?returnUrl=… on the site, and answered 403 problem+json on the API.
/// </summary>
public static class ConsentPolicy
{
    public const string Name = "consented";

    public static IServiceCollection AddConsentPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Name, p => p.RequireAuthenticatedUser().AddRequirements(new ConsentRequirement()));
        services.AddScoped<IAuthorizationHandler, ConsentHandler>();
        services.AddSingleton<AuthorizationMiddlewareResultHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ConsentAnswer>();
        return services;
    }

    /// <summary>Where a member without consent is sent: the consent page in their language, then back.</summary>
    public static string ConsentPage(HttpContext context)
    {
        var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return Languages.In(Languages.FromPath(context.Request.Path), "/account/consent") + "?returnUrl=" + Uri.EscapeDataString(back);
    }
}

public sealed class ConsentRequirement : IAuthorizationRequirement;

/// <summary>Met when the signed-in member agreed to the current consent text and has not taken it back (one indexed read).</summary>
public sealed class ConsentHandler(AtlasDb db) : AuthorizationHandler<ConsentRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsentRequirement requirement)
    {
        if (context.User.MemberIdOrNull() is { } id
            && await ConsentText.IsGivenAsync(db, id, CancellationToken.None))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>
/// Answers a signed-in member whom only missing consent keeps out: the consent page (site) or 403 problem+json
/// (API). Every other outcome is ASP.NET Core's own (challenge, forbid).
/// </summary>
public sealed class ConsentAnswer(AuthorizationMiddlewareResultHandler standard, IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } paused
            && paused.FailureReasons.OfType<SuspendedReason>().FirstOrDefault() is { } suspended
            && paused.FailedRequirements.All(r => r is ActiveRoleRequirement))
        {
            // A suspended member's staff role is paused: the same answer as their refused writes.
            context.Response.Headers.CacheControl = "no-store";
            if (WebPlatform.IsApi(context))
            {
                await WriteAsync(context, "Account suspended", MemberWrites.SuspendedDetail(suspended.Until), null);
                return;
            }
            context.Response.Redirect(Languages.In(Languages.FromPath(context.Request.Path), MemberWrites.SuspendedPage));
            return;
        }
        var onlyConsent = authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true
            && authorizeResult.AuthorizationFailure is { } failure && !failure.FailCalled
            && failure.FailedRequirements.Any() && failure.FailedRequirements.All(r => r is ConsentRequirement);
        if (!onlyConsent)
        {
            await standard.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        if (WebPlatform.IsApi(context))
        {
            await WriteAsync(context, "Consent required", MemberWrites.ConsentDetail, "https://tools.ietf.org/html/rfc9110#section-15.5.4");
            return;
        }
        context.Response.Redirect(ConsentPolicy.ConsentPage(context));
    }

    private async Task WriteAsync(HttpContext context, string title, string detail, string? type)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = title, Detail = detail } };
        if (type is not null)
        {
            problem.ProblemDetails.Type = type;
        }
        await problems.WriteAsync(problem);
    }
}
