using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Conditions;

/// <summary>GET /api/v1/me/relations: the signed-in member's relations to conditions (health data: consent first, 403 problem+json without).</summary>
public static class RelationsApi
{
    public sealed record RelationItem(string Condition, string Name, string Relation, bool ShownOnProfile);

    public static IEndpointRouteBuilder MapRelationsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me/relations", ListAsync).WithName("ListMyRelations").WithTags("Members")
            .WithSummary("The signed-in member's relations to conditions; needs consent to the current text (403 problem+json otherwise).")
            .RequireAuthorization(ConsentPolicy.Name)
            .Produces<IReadOnlyList<RelationItem>>();
        return api;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, HttpContext http, AtlasDb db, CancellationToken cancellationToken)
    {
        var id = user.MemberId();
        var items = await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == id)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (r, c) => new { c.Slug, c.Name, c.SortKey, r.Relation, r.ShowOnProfile })
            .OrderBy(r => r.SortKey)
            .ToListAsync(cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(items.Select(r => new RelationItem(r.Slug, r.Name, r.Relation.ToString(), r.ShowOnProfile)).ToList());
    }
}
