using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Accounts.Tokens;

/// <summary>The member behind a personal access token: <c>GET /api/v1/me</c>.</summary>
public static class MeApi
{
    public sealed record MemberSelf(string Pseudonym, DateOnly MemberSince, IReadOnlyList<string> Roles, string TokenScope);

    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me").RequireAuthorization(TokenAuthentication.ReadPolicy);
        me.MapGet("", GetAsync).WithName("GetMe")
            .Produces<MemberSelf>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task<Results<Ok<MemberSelf>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, AtlasDb db, CancellationToken cancellationToken)
    {
        var id = MemberId(user);
        var member = await db.Users.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Pseudonym, m.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown member");
        }
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new MemberSelf(member.Pseudonym, DateOnly.FromDateTime(member.CreatedAt), roles, user.FindFirstValue(TokenAuthentication.ScopeClaim)!));
    }

    public static int MemberId(ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
}
