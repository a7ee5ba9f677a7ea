
namespace PatientAtlas.Features.Places;

/// <summary>
/// <c>GET /api/v1/places/cities?q=</c>: cities of the offline gazetteer whose name starts with the query, folded (no
/// accents, any case; "sao paulo" finds São Paulo), most populous first. The location form's suggestions read it.
/// </summary>
public static class PlacesApi
{
    public const int MaxResults = 10;

    public sealed record CityItem(int Id, string Name, string Country, string CountryName, string Label);

    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/places/cities", Search).WithName("SearchCities").WithTags("Places")
            .WithSummary("Cities whose name starts with q (accents and case ignored), most populous first; at most 10.")
            .Produces<IReadOnlyList<CityItem>>(StatusCodes.Status200OK, "application/json");
        return api;
    }

    private static IResult Search(string? q, HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        if (string.IsNullOrWhiteSpace(q) || q.Length > 100)
        {
            return Results.Ok(Array.Empty<CityItem>());
        }
        return Results.Ok(Find(q, MaxResults));
    }

    public static IReadOnlyList<CityItem> Find(string query, int limit)
    {
        var countries = Countries.Instance;
        return Gazetteer.Instance.Search(query, limit).Select(c => new CityItem(c.Id, c.Name, c.Country, countries.Name(c.Country), Label(c))).ToList();
    }

    /// <summary>"São Paulo, SP, Brazil": the admin code tells apart cities of one name in one country.</summary>
    public static string Label(City city)
    {
        var admin = city.Admin.Length is > 0 and <= 3 && !city.Admin.All(char.IsDigit) ? ", " + city.Admin : "";
        return $"{city.Name}{admin}, {Countries.Instance.Name(city.Country)}";
    }
}
