using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// The member's form (new and edit pages): plain fields that work without JavaScript. The city is typed (suggestions
/// from /api/v1/places/cities when scripts run, as on /account/location) and found in the chosen country; conditions are
/// names or addresses from the catalog, one a line.
/// </summary>
public sealed class OrganisationForm
{
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public string? Website { get; set; }
    public string? Description { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? Conditions { get; set; }

    public OrganisationInput ToInput() => new(Name, Kind, Website, Description, null, City, Country,
        (Conditions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static OrganisationForm From(OrganisationView o) => new()
    {
        Name = o.Name, Kind = o.Kind.ToString(), Website = o.Website, Description = o.Description, City = o.CityName, Country = o.Country,
        Conditions = string.Join('\n', o.Conditions.Select(c => c.Name)),
    };

    /// <summary>The writes' field errors (resource keys) on the form's fields.</summary>
    public static void AddErrors(ModelStateDictionary state, Dictionary<string, string[]> errors)
    {
        foreach (var (field, keys) in errors)
        {
            foreach (var key in keys)
            {
                state.AddModelError("Form." + field, key);
            }
        }
    }
}
