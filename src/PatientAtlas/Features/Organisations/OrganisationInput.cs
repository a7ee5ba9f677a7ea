using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Places;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// What a member writes about an organisation, from the form or the API, as typed: <see cref="CheckAsync"/> turns it
/// into <see cref="Checked"/> details or field errors (resource keys per field: Name, Kind, Website, Description, City,
/// Country, Conditions). A city is named (resolved in the gazetteer within the stated country, the most populous of
/// that name) or given by its GeoNames id; a country alone is allowed. Conditions are catalog slugs or names.
/// </summary>
public sealed record OrganisationInput(
    string? Name, string? Kind, string? Website, string? Description, int? CityId, string? City, string? Country, IReadOnlyList<string>? Conditions)
{
    public const int MaxConditions = 20;

    public sealed record Checked(string Name, OrganisationKind Kind, string? Website, string? Description, City? City, string Country, IReadOnlyList<int> ConditionIds);

    public static OrganisationKind? ParseKind(string? kind) =>
        Enum.TryParse<OrganisationKind>(kind?.Trim(), ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(kind, out _) ? k : null;

    /// <summary>An absolute http(s) address with a host, normalized; anything else (javascript:, data:, relative) is null.</summary>
    public static string? ParseWebsite(string website) =>
        Uri.TryCreate(website, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host) && string.IsNullOrEmpty(uri.UserInfo) && uri.AbsoluteUri.Length <= Organisation.MaxWebsite
            ? uri.AbsoluteUri
            : null;

    public async Task<(Checked? Details, Dictionary<string, string[]> Errors)> CheckAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["Name"] = ["Organisation.NameRequired"];
        }
        else if (name.Length > Organisation.MaxName || name.Any(char.IsControl))
        {
            errors["Name"] = ["Organisation.NameTooLong"];
        }
        var kind = ParseKind(Kind);
        if (kind is null)
        {
            errors["Kind"] = ["Organisation.KindRequired"];
        }
        string? website = null;
        if (!string.IsNullOrWhiteSpace(Website))
        {
            website = ParseWebsite(Website.Trim());
            if (website is null)
            {
                errors["Website"] = ["Organisation.WebsiteInvalid"];
            }
        }
        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim().ReplaceLineEndings("\n");
        if (description is { Length: > Organisation.MaxDescription })
        {
            errors["Description"] = ["Organisation.DescriptionTooLong"];
        }
        var (city, country) = Place(errors);
        var conditionIds = await ConditionsAsync(db, errors, cancellationToken);
        return errors.Count > 0 ? (null, errors) : (new Checked(name!, kind!.Value, website, description, city, country!, conditionIds), errors);
    }

    private (City? City, string? Country) Place(Dictionary<string, string[]> errors)
    {
        var country = string.IsNullOrWhiteSpace(Country) ? null : Country.Trim().ToUpperInvariant();
        if (country is not null && !Countries.Instance.Exists(country))
        {
            errors["Country"] = ["Organisation.CountryUnknown"];
            return (null, null);
        }
        City? city = null;
        if (CityId is { } id)
        {
            city = Gazetteer.Instance.Find(id);
            if (city is null || (country is not null && city.Country != country))
            {
                errors["City"] = ["Organisation.CityUnknown"];
                return (null, country);
            }
        }
        else if (!string.IsNullOrWhiteSpace(City))
        {
            if (country is null)
            {
                errors["Country"] = ["Organisation.CountryRequired"];
                return (null, null);
            }
            city = FindCity(City.Trim(), country);
            if (city is null)
            {
                errors["City"] = ["Organisation.CityUnknown"];
                return (null, country);
            }
        }
        country ??= city?.Country;
        if (country is null)
        {
            errors["Country"] = ["Organisation.CountryRequired"];
        }
        return (city, country);
    }

    /// <summary>The most populous city of the country whose name (or suggestion label, "São Paulo, SP, Brazil") is the text, accents and case aside.</summary>
    public static City? FindCity(string text, string country)
    {
        if (text.Length > 200)
        {
            return null;
        }
        var folded = Gazetteer.Fold(text);
        var head = text.Split(',')[0];
        return Gazetteer.Instance.Search(head, 200, country)
            .FirstOrDefault(c => c.Key == folded || Gazetteer.Fold(PlacesApi.Label(c)) == folded);
    }

    private async Task<List<int>> ConditionsAsync(AtlasDb db, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var wanted = (Conditions ?? []).Select(c => c?.Trim()).Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0)
        {
            errors["Conditions"] = ["Organisation.ConditionsRequired"];
            return [];
        }
        if (wanted.Count > MaxConditions)
        {
            errors["Conditions"] = ["Organisation.TooManyConditions"];
            return [];
        }
        if (wanted.Any(w => w.Length > 300))
        {
            errors["Conditions"] = ["Organisation.ConditionUnknown"];
            return [];
        }
        var slugs = wanted.Select(w => w.ToLowerInvariant()).ToList();
        var keys = wanted.Select(Slugs.SortKey).ToList();
        var found = await db.Conditions.AsNoTracking()
            .Where(c => c.Kind == ConditionKind.Condition && !c.IsObsolete && (slugs.Contains(c.Slug) || keys.Contains(c.SortKey)))
            .Select(c => new { c.Id, c.Slug, c.SortKey }).ToListAsync(cancellationToken);
        var ids = new List<int>();
        foreach (var w in wanted)
        {
            var hit = found.FirstOrDefault(c => string.Equals(c.Slug, w, StringComparison.OrdinalIgnoreCase)) ?? found.FirstOrDefault(c => c.SortKey == Slugs.SortKey(w));
            if (hit is null)
            {
                errors["Conditions"] = ["Organisation.ConditionUnknown"];
                return [];
            }
            ids.Add(hit.Id);
        }
        return [.. ids.Distinct()];
    }
}
