using System.Globalization;

namespace PatientAtlas.Features.Site;

/// <summary>Dates as pages and JSON write them: ISO 8601 for machines (datetime attributes, JSON-LD), spelled out in the page's language for people.</summary>
public static class Dates
{
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Iso(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Spelled(DateOnly? date) => date?.ToString("D", CultureInfo.CurrentCulture) ?? "";

    public static string Spelled(DateTime date) => date.ToString("D", CultureInfo.CurrentCulture);
}
