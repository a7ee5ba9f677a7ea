using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Map.Near;

/// <summary>
/// /conditions/{condition}/near: the members of a condition who chose to be visible, nearest first (see
/// <see cref="NearPeople"/>), with a way to ask them to talk. For a signed-in member who consented; a member with no
/// relation to the condition, no place, or who is not visible themselves (the list is reciprocal), is told why and
/// where to change it. Personal: never output-cached.
/// </summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class NearPageModel(AtlasDb db, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Relation { get; set; }

    public required NearHead Condition { get; set; }
    public required NearPeople.Result Near { get; set; }
    public Relation? Filter { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? condition, [FromQuery] string? page, CancellationToken cancellationToken)
    {
        // "page" is Razor Pages' own route value, so the page number is read from the query by hand.
        if (!BadRequestPages.TryParsePage(page, out var pageNumber))
        {
            return this.BadRequestPage(t["Conditions.BadPage"]);
        }
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        if (found.Outcome != ConditionLookup.Result.Found)
        {
            return ConditionLookup.Answer(this, found, "/near");
        }
        Condition = await NearHead.LoadAsync(db, found.Id, Languages.Current, cancellationToken);
        if (Condition.Kind != ConditionKind.Condition)
        {
            return NotFound();
        }
        if (!string.IsNullOrEmpty(Relation))
        {
            Filter = Accounts.Conditions.Relations.Parse(Relation);
            if (Filter is null)
            {
                return NotFound();
            }
        }
        Response.Headers.CacheControl = "no-store";
        Near = await NearPeople.LoadAsync(db, User.MemberId(), found.Id, Filter, pageNumber, clock.GetUtcNow().UtcDateTime, Languages.Current, cancellationToken);
        return Near.PageExists ? Page() : NotFound();
    }

    /// <summary>This page's address with a relation filter and a page number (the first page has none).</summary>
    public string Link(int page)
    {
        var query = new List<string>();
        if (Filter is { } f)
        {
            query.Add("relation=" + f);
        }
        if (page > 1)
        {
            query.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return Languages.Localize($"/conditions/{Condition.Slug}/near") + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }
}
