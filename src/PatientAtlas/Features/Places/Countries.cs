using System.Text.Json;

namespace PatientAtlas.Features.Places;

/// <summary>
/// ISO 3166-1 countries with their names in English and Spanish (npm i18n-iso-countries, MIT), read once from the
/// build output's geodata/. .NET's RegionInfo knows fewer territories and names them in the machine's ICU data, which
/// a server may lack; this list is the same on every machine.
/// </summary>
public sealed class Countries
{
    private static readonly Lazy<Countries> Shared = new(() => Load(Path.Combine(AppContext.BaseDirectory, "geodata")));

    private readonly Dictionary<string, (string En, string Es)> _names;
    private readonly Dictionary<string, string> _byNumeric;

    private Countries(Dictionary<string, (string, string)> names, Dictionary<string, string> byNumeric)
    {
        _names = names;
        _byNumeric = byNumeric;
    }

    public static Countries Instance => Shared.Value;

    public IEnumerable<string> Codes => _names.Keys;

    public bool Exists(string? code) => code is { Length: 2 } && _names.ContainsKey(code);

    /// <summary>The country's name in the current UI language (Spanish or English).</summary>
    public string Name(string code) =>
        _names.TryGetValue(code, out var n) ? (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "es" ? n.Es : n.En) : code;

    /// <summary>The alpha-2 code of an ISO 3166-1 numeric code ("724" → "ES"), as the map's shapes are keyed.</summary>
    public string? FromNumeric(string numeric) => _byNumeric.GetValueOrDefault(numeric);

    internal static Countries Load(string folder)
    {
        var codes = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(Path.Combine(folder, "country-codes.json")))!;
        var en = ReadNames(Path.Combine(folder, "countries-en.json"));
        var es = ReadNames(Path.Combine(folder, "countries-es.json"));
        var names = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var numeric = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in codes)
        {
            var alpha2 = row[0];
            names[alpha2] = (en.GetValueOrDefault(alpha2, alpha2), es.GetValueOrDefault(alpha2, en.GetValueOrDefault(alpha2, alpha2)));
            numeric[row[2]] = alpha2;
        }
        return new Countries(names, numeric);
    }

    private static Dictionary<string, string> ReadNames(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var country in document.RootElement.GetProperty("countries").EnumerateObject())
        {
            // A country has one name or several (the first is the official short name).
            names[country.Name] = country.Value.ValueKind == JsonValueKind.Array ? country.Value[0].GetString()! : country.Value.GetString()!;
        }
        return names;
    }
}
