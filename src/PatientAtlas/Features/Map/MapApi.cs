using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Organisations;

namespace PatientAtlas.Features.Map;

/// <summary><c>GET /api/v1/conditions/{condition}/map</c>: the map's counts, the same cells under the same rules as the page.</summary>
public static class MapApi
{
    public sealed record CityCount(int GeonamesId, string Name, double Latitude, double Longitude, int Members);

    public sealed record CountryCount(string Country, int Members, IReadOnlyList<CityCount> Cities, int RestOfCountry);

    public sealed record RelationCount(string? Relation, int Members);

    public sealed record OrganisationItem(string Slug, string Name, string Kind, string? Website, string? City, string Country, double? Latitude, double? Longitude, bool Verified);

    public sealed record MapAnswer(string Condition, int K, string? Relation, int Members, int Countries, IReadOnlyList<RelationCount> Relations,
        IReadOnlyList<CountryCount> Places, int Elsewhere, IReadOnlyList<OrganisationItem> Organisations);

    public static IEndpointRouteBuilder MapMapApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conditions/{condition}/map", GetAsync).WithName("GetConditionMap").WithTags("Map")
            .WithSummary("A condition's community map: members by country and city, no count under k (cities under k fold into their country, countries into 'elsewhere'); only members with standing count (confirmed, consented, an account at least Map:CountAfterDays old, not suspended); ?relation= filters by relation. Organisations are listed apart.")
            .Produces<MapAnswer>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<MapAnswer>, RedirectHttpResult, ProblemHttpResult>> GetAsync(
        string condition, string? relation, AtlasDb db, IOptions<MapOptions> options, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        if (found.Outcome == ConditionLookup.Result.Moved && ConditionLookup.IsSlugPath(found.Slug ?? ""))
        {
            return TypedResults.Redirect($"/api/v1/conditions/{found.Slug}/map{http.Request.QueryString}", permanent: true);
        }
        if (found.Outcome != ConditionLookup.Result.Found)
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
        var counts = await MapCounts.LoadAsync(db, found.Id, options.Value, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var (countries, elsewhere) = counts.View(filter);
        var relations = counts.Cells.GroupBy(c => c.Relation).OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key)
            .Select(g => new RelationCount(g.Key?.ToString(), g.Sum(c => c.Count))).ToList();
        var organisations = await OrganisationPin.ForConditionAsync(db, found.Id, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new MapAnswer(found.Slug!, counts.K, filter?.ToString(), countries.Sum(c => c.Count) + elsewhere, countries.Count, relations,
            countries.Select(c => new CountryCount(c.Code, c.Count, c.Cities.Select(city => new CityCount(city.CityId, city.Name, city.Latitude, city.Longitude, city.Count)).ToList(), c.Rest)).ToList(),
            elsewhere,
            organisations.Select(o => new OrganisationItem(o.Slug, o.Name, o.Kind.ToString(), o.Website, o.CityName, o.Country, o.Latitude, o.Longitude, o.Verified)).ToList()));
    }
}
