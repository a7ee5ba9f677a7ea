using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Tokens;

/// <summary>
/// <c>Authorization: Bearer pat_…</c> on the API: the member the token belongs to, with the token's scope as a claim.
/// ASP.NET Core's authentication handler base does the plumbing; what is ours is the lookup by hash.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AtlasDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";
    public const string ScopeClaim = "scope";

    /// <summary>The API's policies: any live token, or one with the write scope.</summary>
    public const string ReadPolicy = "api-read";
    public const string WritePolicy = "api-write";

    // Last-used times within this of the stored one are not written: one write per token per minute at most.
    private static readonly TimeSpan UsedResolution = TimeSpan.FromMinutes(1);

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(PersonalToken.Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return AuthenticateResult.Fail("not a personal access token");
        }
        var hash = PersonalToken.HashOf(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.Set<PersonalToken>().AsNoTracking()
            .Where(t => t.Hash == hash && t.ExpiresAt > now)
            .Join(db.Users, t => t.MemberId, m => m.Id, (t, m) => new { t.Id, t.Scope, t.LastUsedAt, MemberId = m.Id, m.Pseudonym })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null)
        {
            return AuthenticateResult.Fail("unknown, revoked or expired token");
        }
        if (found.LastUsedAt is null || found.LastUsedAt < now - UsedResolution)
        {
            await db.Set<PersonalToken>().Where(t => t.Id == found.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        var roles = await db.UserRoles.Where(r => r.UserId == found.MemberId).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(Context.RequestAborted);
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, found.MemberId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Name, found.Pseudonym));
        identity.AddClaim(new Claim(ScopeClaim, found.Scope == TokenScope.Write ? "write" : "read"));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser().RequireClaim(ScopeClaim, "read", "write"));
        options.AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser().RequireClaim(ScopeClaim, "write"));
    }
}

/// <summary>
/// The default way a request is authenticated: a bearer token on the API, the session cookie everywhere else. A page
/// never accepts a token, and the API never acts on a cookie (so no other site can make a browser call it).
/// </summary>
public static class RequestAuthentication
{
    public const string Scheme = "atlas";

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddPolicyScheme(Scheme, null, o => o.ForwardDefaultSelector = context =>
                Platform.WebPlatform.IsApi(context) ? TokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o => o.DefaultAuthenticateScheme = Scheme);
        services.Configure<AuthorizationOptions>(TokenAuthentication.AddPolicies);
    }
}
