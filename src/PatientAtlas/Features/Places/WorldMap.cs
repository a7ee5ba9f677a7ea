using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PatientAtlas.Features.Places;

/// <summary>One country's outline as an SVG path in the map's coordinates.</summary>
public sealed record CountryShape(string? Code, string Name, string Path);

/// <summary>
/// The world's countries (Natural Earth 1:110m, public domain, through the npm package world-atlas) projected once per
/// process with the Equal Earth projection into a 1000-unit-wide SVG. No well-kept .NET library projects Equal Earth
/// (ProjNet has neither it nor Natural Earth), and its formula is a few lines (Šavrič, Patterson and Jenny, 2018),
/// so it is here. Coordinates are rounded to a tenth of a unit (about 4 km at the equator): the shapes are for
/// recognising countries, not for measuring.
/// </summary>
public sealed class WorldMap
{
    public const double Width = 1000;

    private const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
    private static readonly double M = Math.Sqrt(3) / 2;
    // x at λ = π, φ = 0 and y at φ = 90°: the projection's extent, so the map fills the view box.
    private static readonly double MaxX = Math.PI / (M * A1);
    private static readonly double MaxY = Raw(0, 90).Y;
    private static readonly double Scale = Width / (2 * MaxX);

    public static readonly double Height = Math.Ceiling(2 * MaxY * Scale);

    private static readonly Lazy<WorldMap> Shared = new(() => Load(Path.Combine(AppContext.BaseDirectory, "geodata", "countries-110m.json")));

    private WorldMap(IReadOnlyList<CountryShape> shapes) => Shapes = shapes;

    public static WorldMap Instance => Shared.Value;

    public IReadOnlyList<CountryShape> Shapes { get; }

    /// <summary>A longitude and latitude (degrees) in the map's coordinates (x right, y down).</summary>
    public static (double X, double Y) Project(double longitude, double latitude)
    {
        var (x, y) = Raw(longitude, latitude);
        return (Width / 2 + x * Scale, Height / 2 - y * Scale);
    }

    private static (double X, double Y) Raw(double longitude, double latitude)
    {
        var lambda = longitude * Math.PI / 180;
        var theta = Math.Asin(M * Math.Sin(latitude * Math.PI / 180));
        var t2 = theta * theta;
        var t6 = t2 * t2 * t2;
        var x = lambda * Math.Cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
        var y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
        return (x, y);
    }

    internal static WorldMap Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var transform = root.GetProperty("transform");
        var scale = transform.GetProperty("scale");
        var translate = transform.GetProperty("translate");
        var (sx, sy, tx, ty) = (scale[0].GetDouble(), scale[1].GetDouble(), translate[0].GetDouble(), translate[1].GetDouble());

        // Arcs are delta-encoded quantized positions; decode each once into projected points.
        var arcs = new List<(double X, double Y)[]>();
        foreach (var arc in root.GetProperty("arcs").EnumerateArray())
        {
            var points = new (double, double)[arc.GetArrayLength()];
            long qx = 0, qy = 0;
            var i = 0;
            foreach (var position in arc.EnumerateArray())
            {
                qx += position[0].GetInt64();
                qy += position[1].GetInt64();
                points[i++] = Project(qx * sx + tx, qy * sy + ty);
            }
            arcs.Add(points);
        }

        var countries = Countries.Instance;
        var shapes = new List<CountryShape>();
        foreach (var geometry in root.GetProperty("objects").GetProperty("countries").GetProperty("geometries").EnumerateArray())
        {
            var type = geometry.GetProperty("type").GetString();
            var polygons = type switch
            {
                "Polygon" => [geometry.GetProperty("arcs")],
                "MultiPolygon" => geometry.GetProperty("arcs").EnumerateArray().ToList(),
                _ => new List<JsonElement>(),
            };
            var svg = new StringBuilder();
            foreach (var polygon in polygons)
            {
                foreach (var ring in polygon.EnumerateArray())
                {
                    AppendRing(svg, ring, arcs);
                }
            }
            var code = geometry.TryGetProperty("id", out var id) ? countries.FromNumeric(id.GetString()!) : null;
            var name = geometry.TryGetProperty("properties", out var p) && p.TryGetProperty("name", out var n) ? n.GetString()! : "";
            if (svg.Length > 0)
            {
                shapes.Add(new CountryShape(code, name, svg.ToString()));
            }
        }
        return new WorldMap(shapes);
    }

    private static void AppendRing(StringBuilder svg, JsonElement ring, List<(double X, double Y)[]> arcs)
    {
        var first = true;
        (double X, double Y)? last = null;
        foreach (var index in ring.EnumerateArray())
        {
            var i = index.GetInt32();
            var arc = i >= 0 ? arcs[i] : [.. arcs[~i].Reverse()];
            // Consecutive arcs share their end point: skip the repeat.
            foreach (var point in first ? arc : arc.Skip(1))
            {
                var rounded = (Math.Round(point.X, 1), Math.Round(point.Y, 1));
                if (last == rounded)
                {
                    continue;
                }
                svg.Append(last is null ? 'M' : 'L');
                svg.Append(rounded.Item1.ToString(CultureInfo.InvariantCulture)).Append(',').Append(rounded.Item2.ToString(CultureInfo.InvariantCulture));
                last = rounded;
            }
            first = false;
        }
        svg.Append('Z');
    }
}
