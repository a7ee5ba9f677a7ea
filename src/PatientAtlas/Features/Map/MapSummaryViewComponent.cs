using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Map;

/// <summary>
/// The condition page's line about its map ("312 members in 24 countries", with the link). The condition page is
/// output-cached for everyone, so this line is the same for every reader: the published totals of <see cref="MapCounts"/>
/// (sums of cells of at least k). Every write that changes the counts evicts it (<see cref="MapEffects"/>).
/// </summary>
public sealed class MapSummaryViewComponent(AtlasDb db, IOptions<MapOptions> options, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int conditionId, string slug)
    {
        var counts = await MapCounts.LoadAsync(db, conditionId, options.Value, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
        return View("~/Features/Map/_MapSummary.cshtml", (counts.Total, counts.CountryCount, slug));
    }
}
