using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Catalog;

/// <summary>The A–Z index: letter navigation with counts, one letter at a time, paged.</summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class ConditionsModel(AtlasDb db, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(string Slug, string Name, string? Abbreviation, ConditionKind Kind)
    {
        public string Path => CatalogPaths.Of(Slug, Kind);
    }

    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string Letter { get; private set; } = "a";
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync([FromQuery] string? letter, [FromQuery] string? page, CancellationToken cancellationToken)
    {
        if (letter is not null)
        {
            var normalized = letter.Trim().ToLowerInvariant();
            if (!AtoZ.Letters.Contains(normalized))
            {
                return this.BadRequestPage(t["Conditions.BadLetter"]);
            }
            Letter = normalized;
        }
        if (!BadRequestPages.TryParsePage(page, out var number))
        {
            return this.BadRequestPage(t["Conditions.BadPage"]);
        }
        PageNumber = number;

        Counts = await db.Conditions.AsNoTracking()
            .Where(c => !c.IsObsolete)
            .GroupBy(c => c.Letter)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key == "#" ? AtoZ.OtherLetter : g.Key, g => g.Count, cancellationToken);

        var stored = Letter == AtoZ.OtherLetter ? "#" : Letter;
        var total = Counts.GetValueOrDefault(Letter);
        PageCount = Math.Max(1, (total + AtoZ.PageSize - 1) / AtoZ.PageSize);
        if (PageNumber > PageCount)
        {
            return NotFound();
        }
        Rows = await db.Conditions.AsNoTracking()
            .Where(c => !c.IsObsolete && c.Letter == stored)
            .OrderBy(c => c.SortKey).ThenBy(c => c.Id)
            .Skip((PageNumber - 1) * AtoZ.PageSize)
            .Take(AtoZ.PageSize)
            .Select(c => new Row(c.Slug, c.Name, c.Abbreviation, c.Kind))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public string LetterLabel(string letter) => letter == AtoZ.OtherLetter ? "0–9" : letter.ToUpperInvariant();
}
