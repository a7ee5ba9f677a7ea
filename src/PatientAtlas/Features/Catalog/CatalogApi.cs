using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Catalog;

/// <summary>The open catalog API: a condition, the A–Z list, and the condition that carries a code.</summary>
public static class CatalogApi
{
    public sealed record ConditionLink(string Slug, string Name, string Url);

    public sealed record ConditionDetail(
        string Slug, string Name, IReadOnlyList<string> Abbreviations, IReadOnlyList<string> Synonyms, IReadOnlyList<string> RelatedNames,
        string? Definition, IReadOnlyList<string> Codes, IReadOnlyList<ConditionLink> Parents, IReadOnlyList<ConditionLink> Children,
        IReadOnlyList<string> Sources, string Url);

    public sealed record ConditionSummary(string Slug, string Name, string? Abbreviation, string Url);

    public sealed record ConditionPage(string Letter, int Page, int PageCount, int Total, IReadOnlyList<ConditionSummary> Conditions);

    public static IEndpointRouteBuilder MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Catalog");
        api.MapGet("/conditions/{condition}", GetCondition).WithName("GetCondition");
        api.MapGet("/conditions", ListConditions).WithName("ListConditions");
        api.MapGet("/codes/{code}", GetByCode).WithName("GetConditionByCode");
        return app;
    }

    private static async Task<Results<Ok<ConditionDetail>, RedirectHttpResult, ProblemHttpResult>> GetCondition(
        string condition, AtlasDb db, CancellationToken cancellationToken)
    {
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        return found.Outcome switch
        {
            ConditionLookup.Result.Found => TypedResults.Ok(await DetailAsync(db, found.Id, cancellationToken)),
            ConditionLookup.Result.Moved => TypedResults.Redirect($"/api/v1/conditions/{found.Slug}", permanent: true),
            ConditionLookup.Result.Gone => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Condition retired",
                detail: $"'{condition}' was retired from the catalog and has no replacement; search for it at /search."),
            _ => NotFound($"No condition has the slug '{condition}'."),
        };
    }

    private static async Task<Results<Ok<ConditionPage>, ProblemHttpResult>> ListConditions(
        string? letter, int? page, AtlasDb db, CancellationToken cancellationToken)
    {
        var key = (letter ?? "a").Trim().ToLowerInvariant();
        if (!AtoZ.Letters.Contains(key))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid letter", detail: "letter is a–z, or 0 for names that start with a digit or symbol.");
        }
        var number = page ?? 1;
        if (number < 1)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page", detail: "page starts at 1.");
        }
        var stored = key == AtoZ.OtherLetter ? "#" : key;
        var query = db.Conditions.AsNoTracking().Where(c => !c.IsObsolete && c.Letter == stored);
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + AtoZ.PageSize - 1) / AtoZ.PageSize);
        if (number > pages)
        {
            return NotFound($"Letter '{key}' has {pages.ToString(CultureInfo.InvariantCulture)} page(s).");
        }
        var rows = await query
            .OrderBy(c => c.SortKey).ThenBy(c => c.Id)
            .Skip((number - 1) * AtoZ.PageSize)
            .Take(AtoZ.PageSize)
            .Select(c => new ConditionSummary(c.Slug, c.Name,
                c.Abbreviation, "/conditions/" + c.Slug))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ConditionPage(key, number, pages, total, rows));
    }

    private static async Task<Results<Ok<ConditionDetail>, ProblemHttpResult>> GetByCode(string code, AtlasDb db, CancellationToken cancellationToken)
    {
        if (!CodeSystems.TryParse(code, out var system, out var value))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid code",
                detail: $"'{code}' is not SYSTEM:code of a known system ({string.Join(", ", CodeSystems.Order)}).");
        }
        // ICD and MeSH codes may sit on several conditions; the one that owns the code comes first, then the oldest.
        var id = await db.ConditionCodes.AsNoTracking()
            .Where(c => c.System == system && c.Code == value)
            .Join(db.Conditions, c => c.ConditionId, c => c.Id, (code, condition) => new { condition.Id, condition.IsObsolete, code.Source })
            .OrderBy(c => c.IsObsolete).ThenBy(c => c.Source == StarterCatalog.Source ? 0 : 1).ThenBy(c => c.Id)
            .Select(c => (int?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return id is null
            ? NotFound($"No condition carries the code {system}:{value}.")
            : TypedResults.Ok(await DetailAsync(db, id.Value, cancellationToken));
    }

    private static async Task<ConditionDetail> DetailAsync(AtlasDb db, int id, CancellationToken cancellationToken)
    {
        var c = await ConditionDetails.LoadAsync(db, id, cancellationToken);
        return new ConditionDetail(
            c.Slug, c.Name, c.Abbreviations, c.Synonyms, c.RelatedNames, c.Definition,
            [.. c.Codes.Select(x => x.Display)],
            [.. c.Parents.Select(Link)],
            [.. c.Children.Select(Link)],
            c.Sources,
            "/conditions/" + c.Slug);
    }

    private static ConditionLink Link(Catalog.ConditionLink link) => new(link.Slug, link.Name, "/conditions/" + link.Slug);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
