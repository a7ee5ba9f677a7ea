using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Places;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Map;

/// <summary>
/// /account/location: a city from the offline gazetteer (searched by name, accents optional), a country only, or
/// nothing; who sees the member on maps; whether they take contact requests. Only the city's id, name, country and
/// centre are stored: no address, no browser position.
/// </summary>
[Authorize]
// Deliberately open to suspended members: this form is where a member hides from maps and turns contact requests off, a
// safety action like block and leave; a suspended member is already left out of "people near me" and cannot send requests.
public sealed class LocationModel(AtlasDb db, TimeProvider clock) : PageModel
{
    public const int MaxFound = 10;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>"city", "country" or "none".</summary>
    [BindProperty]
    public string? Place { get; set; }

    [BindProperty]
    public int? CityId { get; set; }

    [BindProperty]
    public string? Country { get; set; }

    [BindProperty]
    public string? Visibility { get; set; }

    [BindProperty]
    public bool RequestsOff { get; set; }

    public MemberLocation? Current { get; private set; }

    public IReadOnlyList<PlacesApi.CityItem>? Found { get; private set; }

    /// <summary>The member's relations (condition names) and whether each is shown to other members: what people near me can list them under.</summary>
    public IReadOnlyList<(string Name, bool Shown)> Relations { get; private set; } = [];

    private int MemberId => User.MemberId();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    [AllowWhileRefused("hiding one's location and turning contact requests off")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var visibility = Enum.TryParse<MapVisibility>(Visibility, out var v) && Enum.IsDefined(v) && !int.TryParse(Visibility, out _) ? v : (MapVisibility?)null;
        City? city = null;
        string? country = null;
        switch (Place)
        {
            case "city":
                city = CityId is { } id ? Gazetteer.Instance.Find(id) : null;
                if (city is null)
                {
                    ModelState.AddModelError(nameof(CityId), CityId is null ? "Location.CityRequired" : "Location.CityUnknown");
                }
                country = city?.Country;
                break;
            case "country":
                country = Country?.Trim().ToUpperInvariant();
                if (!Countries.Instance.Exists(country))
                {
                    ModelState.AddModelError(nameof(Country), string.IsNullOrEmpty(country) ? "Location.CountryRequired" : "Location.CountryUnknown");
                }
                break;
            case "none":
                break;
            default:
                ModelState.AddModelError(nameof(Place), "Location.PlaceRequired");
                break;
        }
        if (visibility is null)
        {
            ModelState.AddModelError(nameof(Visibility), "Location.VisibilityRequired");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var memberId = MemberId;
        var location = await db.Set<MemberLocation>().FirstOrDefaultAsync(l => l.MemberId == memberId, cancellationToken);
        if (location is null)
        {
            location = new MemberLocation { MemberId = memberId };
            db.Add(location);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var counted = visibility!.Value != MapVisibility.Hidden;
        if (db.Entry(location).State == EntityState.Added || location.CityId != city?.Id || location.Country != country
            || (counted && location.Visibility == MapVisibility.Hidden))
        {
            location.UpdatedAt = now;
        }
        location.CityId = city?.Id;
        location.CityName = city?.Name;
        location.Country = country;
        location.Latitude = city?.Latitude;
        location.Longitude = city?.Longitude;
        location.Visibility = visibility.Value;
        location.RequestsOff = RequestsOff;
        await db.SaveChangesAsync(cancellationToken);
        return Redirect(Languages.Localize("/account/location") + "?done=saved");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var memberId = MemberId;
        Current = await db.Set<MemberLocation>().AsNoTracking().FirstOrDefaultAsync(l => l.MemberId == memberId, cancellationToken);
        var relations = await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == memberId)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (r, c) => new { c.Name, c.Abbreviation, c.SortKey, r.ShowOnProfile })
            .OrderBy(r => r.SortKey)
            .ToListAsync(cancellationToken);
        Relations = [.. relations.Select(r => (QuestionTemplates.NameWithAbbreviation(r.Name, r.Abbreviation), r.ShowOnProfile))];
        Query = Query?.Trim();
        if (!string.IsNullOrEmpty(Query))
        {
            if (Query.Length > 100)
            {
                ModelState.AddModelError("q", "Location.QueryTooLong");
                return;
            }
            Found = PlacesApi.Find(Query, MaxFound);
        }
    }
}
