using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Organisations;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Map;

/// <summary>
/// A condition's community map: members by country (a choropleth on a server-rendered SVG world) and by city, for all
/// relations or one, with the same numbers in a table; organisations and professionals apart. Every number is a sum of
/// <see cref="MapCounts"/> cells. Output-cached like every public page, the same for every reader (nothing about the
/// reader is rendered into it), one entry per relation filter; every write that changes who is counted evicts it
/// through <see cref="MapEffects"/>, so a member who hides or moves is out of it at once on this node. A member who
/// gains standing with time (<see cref="MapOptions.CountAfterDays"/>) appears when the cached entry expires.
/// </summary>
[OutputCache(PolicyName = PagePolicy.Name, VaryByQueryKeys = ["relation"])]
public sealed class MapPageModel(AtlasDb db, IOptions<MapOptions> options, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Relation { get; set; }

    public required ConditionDetails Condition { get; set; }
    public required MapCounts Counts { get; set; }
    public Relation? Filter { get; private set; }
    public IReadOnlyList<MapCounts.CountryRow> Countries { get; private set; } = [];
    public int Elsewhere { get; private set; }
    public IReadOnlyList<OrganisationPin> Organisations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? condition, CancellationToken cancellationToken)
    {
        var found = await ConditionLookup.FindAsync(db, condition, cancellationToken);
        if (found.Outcome != ConditionLookup.Result.Found)
        {
            return ConditionLookup.Answer(this, found, "/map");
        }
        Condition = await ConditionDetails.LoadAsync(db, found.Id, cancellationToken);
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
        Counts = await MapCounts.LoadAsync(db, found.Id, options.Value, clock.GetUtcNow().UtcDateTime, cancellationToken);
        (Countries, Elsewhere) = Counts.View(Filter);
        Organisations = await OrganisationPin.ForConditionAsync(db, found.Id, cancellationToken);
        return Page();
    }

    /// <summary>
    /// The choropleth's class for a country's count: five equal bands from k (no published count is smaller) to the
    /// largest country; 0 for a country with nothing published. Band b holds the counts from <see cref="BandRange"/>.
    /// </summary>
    public static int Band(int count, int max, int k) =>
        count < k || max < k ? 0 : Math.Clamp((int)Math.Ceiling(5.0 * (count - k + 1) / (max - k + 1)), 1, 5);

    /// <summary>The counts of band <paramref name="band"/> (1–5) for the legend; empty (To &lt; From) when few counts share five bands.</summary>
    public static (int From, int To) BandRange(int band, int max, int k)
    {
        var span = max - k + 1;
        return (k + (band - 1) * span / 5, k - 1 + band * span / 5);
    }
}
