using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// /organisations: every organisation and professional, verified first, 20 a page, filtered by condition (slug) and
/// kind. Not output-cached: the shared page cache keys on a fixed list of query keys, which "condition" and "kind" are not,
/// and one indexed query a page is cheap.
/// </summary>
public sealed class DirectoryModel(AtlasDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Condition { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public string? ConditionName { get; private set; }

    public OrganisationKind? KindFilter { get; private set; }

    public required OrganisationView.Listing Listing { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        int? conditionId = null;
        if (!string.IsNullOrWhiteSpace(Condition))
        {
            if (Condition.Length > 200 || await OrganisationView.ConditionAsync(db, Condition.Trim(), cancellationToken) is not { } found)
            {
                return NotFound();
            }
            (conditionId, ConditionName) = (found.Id, found.Name);
            Condition = Condition.Trim().ToLowerInvariant();
        }
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            KindFilter = OrganisationInput.ParseKind(Kind);
            if (KindFilter is null)
            {
                return NotFound();
            }
        }
        Listing = await OrganisationView.ListAsync(db, conditionId, KindFilter, PageNumber, cancellationToken);
        return Page();
    }

    /// <summary>This directory's address with the current filters and another page.</summary>
    public string Href(int page)
    {
        var query = new List<string>();
        if (Condition is not null)
        {
            query.Add("condition=" + Uri.EscapeDataString(Condition));
        }
        if (KindFilter is { } kind)
        {
            query.Add("kind=" + kind);
        }
        if (page > 1)
        {
            query.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return Platform.Languages.Localize("/organisations") + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
