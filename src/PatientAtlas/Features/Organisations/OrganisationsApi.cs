using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Accounts.Tokens;
using PatientAtlas.Features.Places;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// Organisations and professionals: <c>GET /api/v1/organisations?condition=&amp;kind=&amp;page=</c> and
/// <c>GET /api/v1/organisations/{slug}</c> for anyone (the directory's and the profile's data), and with a write token the
/// member pages' writes: <c>POST /api/v1/organisations</c>, <c>PUT/DELETE /api/v1/organisations/{slug}</c> (someone
/// else's is a 404). Field errors are problem+json keyed by the body's field names.
/// </summary>
public static class OrganisationsApi
{
    public sealed record ConditionItem(string Slug, string Name);

    public sealed record OrganisationDto(
        string Slug, string Name, string Kind, string? Website, string? Description, int? CityGeonamesId, string? City, string Country,
        string CountryName, double? Latitude, double? Longitude, bool Verified, DateTime UpdatedAt, IReadOnlyList<ConditionItem> Conditions, string PageUrl,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? HoldReasons = null);

    public sealed record ListAnswer(int Total, int Page, int Pages, IReadOnlyList<OrganisationDto> Organisations);

    /// <summary>A city by GeoNames id (<c>cityId</c>) or by name (<c>city</c>, found in <c>country</c>); a country alone is allowed.</summary>
    public sealed record OrganisationBody(
        string? Name, string? Kind, string? Website, string? Description, int? CityId, string? City, string? Country, IReadOnlyList<string>? Conditions)
    {
        public OrganisationInput Input() => new(Name, Kind, Website, Description, CityId, City, Country, Conditions);
    }

    public static IEndpointRouteBuilder MapOrganisationsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/organisations", ListAsync).WithName("ListOrganisations").WithTags("Organisations")
            .WithSummary("Organisations and professionals, verified first then by name, 20 a page; ?condition= (slug) and ?kind=organisation|professional filter.")
            .Produces<ListAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/organisations/{slug}", GetAsync).WithName("GetOrganisation").WithTags("Organisations")
            .WithSummary("One organisation's or professional's public profile.")
            .Produces<OrganisationDto>().ProducesProblem(StatusCodes.Status404NotFound);
        var writes = api.MapGroup("/organisations").WithTags("Organisations")
            .RequireAuthorization(TokenAuthentication.WritePolicy, ConsentPolicy.Name);
        writes.MapPost("", PostAsync).WithName("CreateOrganisation")
            .WithSummary($"Adds an organisation or professional profile kept by the token's member (at most {OrganisationWrites.MaxPerMember}).")
            .Produces<OrganisationDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPut("/{slug}", PutAsync).WithName("EditOrganisation")
            .WithSummary("Edits one's own organisation; a new name or website clears 'verified'.")
            .Produces<OrganisationDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        writes.MapDelete("/{slug}", DeleteAsync).WithName("DeleteOrganisation")
            .WithSummary("Deletes one's own organisation.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ListAnswer>, ProblemHttpResult>> ListAsync(string? condition, string? kind, int? page, AtlasDb db, CancellationToken cancellationToken)
    {
        int? conditionId = null;
        if (!string.IsNullOrWhiteSpace(condition))
        {
            if (condition.Length > 200 || await OrganisationView.ConditionAsync(db, condition.Trim(), cancellationToken) is not { } found)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No condition '{condition}'.");
            }
            conditionId = found.Id;
        }
        OrganisationKind? kindFilter = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            kindFilter = OrganisationInput.ParseKind(kind);
            if (kindFilter is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "kind is organisation or professional.");
            }
        }
        var listing = await OrganisationView.ListAsync(db, conditionId, kindFilter, page ?? 1, cancellationToken);
        return TypedResults.Ok(new ListAnswer(listing.Total, listing.Page, listing.Pages, [.. listing.Items.Select(Dto)]));
    }

    private static async Task<Results<Ok<OrganisationDto>, ProblemHttpResult>> GetAsync(string slug, AtlasDb db, CancellationToken cancellationToken) =>
        slug.Length <= 120 && await OrganisationView.FindAsync(db, slug, cancellationToken) is { } found ? TypedResults.Ok(Dto(found)) : NotFound(slug);

    private static async Task<Results<Created<OrganisationDto>, ValidationProblem, ProblemHttpResult>> PostAsync(
        OrganisationBody? body, HttpContext http, OrganisationWrites writes, AtlasDb db, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await writes.CreateAsync(http.User.MemberId(), Body(body).Input(), cancellationToken);
        return result.Outcome switch
        {
            OrganisationWrites.Outcome.Saved => TypedResults.Created($"/api/v1/organisations/{result.Organisation!.Slug}", await OwnedDtoAsync(db, result.Organisation, cancellationToken)),
            OrganisationWrites.Outcome.Limit => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many organisations",
                detail: t["Organisation.TooMany", OrganisationWrites.MaxPerMember]),
            _ => Invalid(result.Errors!, t),
        };
    }

    private static async Task<Results<Ok<OrganisationDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string slug, OrganisationBody? body, HttpContext http, OrganisationWrites writes, AtlasDb db, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var result = await writes.EditAsync(http.User.MemberId(), slug, Body(body).Input(), cancellationToken);
        return result.Outcome switch
        {
            OrganisationWrites.Outcome.Saved => TypedResults.Ok(await OwnedDtoAsync(db, result.Organisation!, cancellationToken)),
            OrganisationWrites.Outcome.Invalid => Invalid(result.Errors!, t),
            _ => NotFound(slug),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string slug, HttpContext http, OrganisationWrites writes, CancellationToken cancellationToken) =>
        await writes.DeleteAsync(http.User.MemberId(), slug, cancellationToken) ? TypedResults.NoContent() : NotFound(slug);

    private static OrganisationBody Body(OrganisationBody? body) => body ?? new OrganisationBody(null, null, null, null, null, null, null, null);

    /// <summary>
    /// The keeper's answer to a write: what they submitted, with <c>status</c> "published" or "waiting" (for a moderator)
    /// and the hold reasons; the public sees only the approved version.
    /// </summary>
    private static async Task<OrganisationDto> OwnedDtoAsync(AtlasDb db, Organisation saved, CancellationToken cancellationToken) =>
        Dto((await OrganisationView.FindOwnedAsync(db, saved.Slug, saved.OwnerId!.Value, cancellationToken))!) with
        {
            Status = saved.Review == OrganisationReview.None ? "published" : saved.Review == OrganisationReview.Waiting ? "waiting" : "rejected",
            HoldReasons = Experiences.HoldReasons.Split(saved.HoldReasons),
        };

    public static OrganisationDto Dto(OrganisationView o) => new(
        o.Slug, o.Name, o.Kind.ToString().ToLowerInvariant(), o.Website, o.Description, o.CityId, o.CityName, o.Country, Countries.Instance.Name(o.Country),
        o.Latitude, o.Longitude, o.Verified, o.UpdatedAt, [.. o.Conditions.Select(c => new ConditionItem(c.Slug, c.Name))], Languages.Localize("/organisations/" + o.Slug));

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors, IStringLocalizer<SharedResource> t) =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => e.Value.Select(key => (string)t[key]).ToArray()),
            title: "Invalid organisation",
            extensions: new Dictionary<string, object?> { ["codes"] = errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => e.Value) });

    private static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No organisation '{slug}' (or not one of yours).");
}
