using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Tokens;

/// <summary>The member behind a personal access token: <c>GET /api/v1/me</c>.</summary>
public static class MeApi
{
    public sealed record MemberSelf(string Pseudonym, DateOnly MemberSince, IReadOnlyList<string> Roles, string TokenScope, IReadOnlyList<RelationDto> Relations);

    /// <summary>A relation to a condition (stored only with consent; see /api/v1/me/relations for the rules).</summary>
    public sealed record RelationDto(string Condition, string Name, string Relation, bool ShownOnProfile);

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
        var id = user.MemberId();
        var member = await db.Users.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Pseudonym, m.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown member");
        }
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        var relations = await db.Set<Conditions.MemberRelation>().AsNoTracking().Where(r => r.MemberId == id)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (r, c) => new { c.Slug, c.Name, c.SortKey, r.Relation, r.ShowOnProfile })
            .OrderBy(r => r.SortKey).ToListAsync(cancellationToken);
        return TypedResults.Ok(new MemberSelf(member.Pseudonym, DateOnly.FromDateTime(member.CreatedAt), roles, user.FindFirstValue(TokenAuthentication.ScopeClaim)!,
            relations.Select(r => new RelationDto(r.Slug, r.Name, r.Relation.ToString(), r.ShowOnProfile)).ToList()));
    }
}
