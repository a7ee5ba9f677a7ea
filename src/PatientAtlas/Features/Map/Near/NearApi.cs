using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Map.Near;

/// <summary><c>GET /api/v1/conditions/{condition}/near</c>: "people near me" with a personal token, the same list under the same rules as the page.</summary>
public static class NearApi
{
    /// <summary>The problem code of a caller who is not visible themselves (people near me is reciprocal).</summary>
    public const string NotVisibleCode = "Near.NotVisible";

    public sealed record SharedItem(string Slug, string Name);

    /// <summary>A listed member; <see cref="DistanceKm"/> is rounded (0: under 10 km; null: the caller gave only a country).</summary>
    public sealed record PersonItem(string Pseudonym, string Relation, string? City, string Country, int? DistanceKm, IReadOnlyList<SharedItem> SharedConditions, bool AcceptsRequests);

    public sealed record NearAnswer(string Condition, string? Relation, int Total, int Page, int Pages, int PageSize, IReadOnlyList<PersonItem> Items);

    public static IEndpointRouteBuilder MapNearApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conditions/{condition}/near", GetAsync).WithName("GetPeopleNear").WithTags("Map")
            .WithSummary("Members of a condition who chose to be visible, nearest first by the distance between city centres (rounded: 0 means under 10 km; to 10 km under 100, 50 km under 1,000, 100 km beyond); ?relation= and ?page=. Reciprocal: the caller must be listed the same way (location visibility Visible and their relation to the condition shown to other members), else 403 problem+json with code Near.NotVisible. Needs a relation to the condition and a place (403 and 409 problem+json otherwise). Only relations their members show are listed or named as shared.")
            .RequireAuthorization(TokenAuthentication.ReadPolicy, ConsentPolicy.Name)
            .Produces<NearAnswer>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<NearAnswer>, RedirectHttpResult, ProblemHttpResult>> GetAsync(
        string condition, string? relation, int? page, ClaimsPrincipal user, AtlasDb db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        if (found.Outcome == ConditionLookup.Result.Moved && ConditionLookup.IsSlugPath(found.Slug ?? ""))
        {
            return TypedResults.Redirect($"/api/v1/conditions/{found.Slug}/near{http.Request.QueryString}", permanent: true);
        }
        var head = found.Outcome == ConditionLookup.Result.Found ? await NearHead.LoadAsync(db, found.Id, Languages.Default, cancellationToken) : null;
        if (head is null || head.Kind != ConditionKind.Condition)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown condition");
        }
        Accounts.Conditions.Relation? filter = null;
        if (!string.IsNullOrEmpty(relation))
        {
            filter = Accounts.Conditions.Relations.Parse(relation);
            if (filter is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown relation",
                    detail: "relation is one of " + string.Join(", ", Enum.GetNames<Accounts.Conditions.Relation>()));
            }
        }
        if (page is < 1)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown page", detail: "page starts at 1");
        }
        var near = await NearPeople.LoadAsync(db, user.MemberId(), found.Id, filter, page ?? 1, clock.GetUtcNow().UtcDateTime, Languages.Default, cancellationToken);
        return near.Standing switch
        {
            NearPeople.Standing.NoRelation => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No relation to this condition",
                detail: $"People near you are listed to members with a relation to the condition: add your relation to '{head.Slug}' at /account/conditions first."),
            NearPeople.Standing.NoPlace => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No place set",
                detail: "Choose your city (or at least your country) at /account/location first: distances are measured from it."),
            NearPeople.Standing.NotVisible => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You are not visible yourself",
                detail: $"People near you are listed only to members who are visible themselves: choose 'visible' at /account/location and show your relation to '{head.Slug}' to other members at /account/conditions.",
                extensions: new Dictionary<string, object?> { ["code"] = NotVisibleCode }),
            _ when !near.PageExists => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such page", detail: $"pages: {near.Pages}"),
            _ => TypedResults.Ok(new NearAnswer(head.Slug, filter?.ToString(), near.Total, near.Page, near.Pages, NearPeople.PageSize,
                near.People.Select(p => new PersonItem(p.Pseudonym, p.Relation.ToString(), p.City, p.Country, p.DistanceKm,
                    p.SharedConditions.Select(s => new SharedItem(s.Slug, s.Name)).ToList(), p.AcceptsRequests)).ToList())),
        };
    }
}
