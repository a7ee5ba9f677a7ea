namespace PatientAtlas.Features.Map.Near;

/// <summary>
/// Distances between city centres, as "people near me" shows them: great-circle (haversine) kilometres, then rounded
/// so that a list reads "about 40 km" rather than "38.7 km". Rounding is for reading, not for privacy: both cities are
/// named anyway, and nothing finer than a city centre is ever stored.
/// </summary>
public static class NearDistance
{
    /// <summary>The mean radius of the Earth (IUGG), in kilometres.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Shown as "less than 10 km"; every rounded distance below it is 0.</summary>
    public const int Near = 10;

    /// <summary>The great-circle distance between two points given in degrees, in kilometres.</summary>
    public static double Kilometres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(latitude2 - latitude1);
        var dLon = Radians(longitude2 - longitude1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// A distance as people say it: 0 under 10 km ("less than 10 km"); to the nearest 10 km under 100 km; to the
    /// nearest 50 km under 1,000 km; to the nearest 100 km beyond. The API returns this number, never the exact one.
    /// </summary>
    public static int Round(double kilometres)
    {
        if (double.IsNaN(kilometres) || kilometres < Near)
        {
            return 0;
        }
        var step = kilometres < 95 ? 10 : kilometres < 975 ? 50 : 100;
        return (int)(Math.Round(kilometres / step, MidpointRounding.AwayFromZero) * step);
    }
}
