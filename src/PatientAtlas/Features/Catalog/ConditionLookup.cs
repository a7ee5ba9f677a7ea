using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Catalog;

/// <summary>
/// Resolves a condition slug the way every condition URL must: the current slug, an old slug (301 to the
/// new one), an obsolete condition (301 to its replacement, or 410 when it has none), or nothing (404).
/// </summary>
public static class ConditionLookup
{
    public enum Result
    {
        Found,
        Moved,
        Gone,
        NotFound,
    }

    public readonly record struct Found(Result Outcome, int Id, string? Slug);

    public static async Task<Found> FindAsync(AtlasDb db, string? slug, CancellationToken cancellationToken)
    {
        // Model binding turns a blank route value ("/conditions/%20") into null; no slug is blank.
        if (string.IsNullOrWhiteSpace(slug))
        {
            return new(Result.NotFound, 0, null);
        }
        var lower = slug.ToLowerInvariant();
        var condition = await db.Conditions.AsNoTracking()
            .Where(c => c.Slug == lower)
            .Select(c => new
            {
                c.Id,
                c.IsObsolete,
                Replacement = db.Conditions.Where(r => r.Id == c.ReplacedById).Select(r => r.Slug).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (condition is not null)
        {
            if (!condition.IsObsolete)
            {
                return lower == slug ? new(Result.Found, condition.Id, lower) : new(Result.Moved, condition.Id, lower);
            }
            return condition.Replacement is null ? new(Result.Gone, condition.Id, null) : new(Result.Moved, condition.Id, condition.Replacement);
        }
        var redirect = await db.SlugRedirects.AsNoTracking()
            .Where(r => r.Slug == lower)
            .Select(r => db.Conditions.Where(c => c.Id == r.ConditionId).Select(c => c.Slug).First())
            .FirstOrDefaultAsync(cancellationToken);
        return redirect is null ? new(Result.NotFound, 0, null) : new(Result.Moved, 0, redirect);
    }

    /// <summary>The answer for anything but <see cref="Result.Found"/>; <paramref name="rest"/> keeps a sub-page ("/diet").</summary>
    public static IActionResult Answer(PageModel page, Found found, string rest) => found.Outcome switch
    {
        Result.Moved when !IsSlugPath(rest) => page.NotFound(),
        Result.Moved => page.RedirectPermanent(Languages.Localize($"/conditions/{found.Slug}{rest}") + page.Request.QueryString),
        Result.Gone => page.StatusCode(StatusCodes.Status410Gone),
        _ => page.NotFound(),
    };

    /// <summary>Only lower-case ASCII slug segments are carried into a redirect's Location header.</summary>
    public static bool IsSlugPath(string rest) =>
        rest.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '/');
}
