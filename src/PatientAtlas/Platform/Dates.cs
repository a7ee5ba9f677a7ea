using System.Globalization;

namespace PatientAtlas.Platform;

/// <summary>
/// Dates as pages and JSON write them: ISO 8601 for machines (datetime attributes, JSON-LD), and for people one
/// format per language ("8 May 2026", "8 de mayo de 2026"), without the weekday and never in two styles on one page.
/// </summary>
public static class Dates
{
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Iso(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Spelled(DateOnly? date) => date?.ToString(Pattern(CultureInfo.CurrentCulture), CultureInfo.CurrentCulture) ?? "";

    public static string Spelled(DateTime date) => date.ToString(Pattern(CultureInfo.CurrentCulture), CultureInfo.CurrentCulture);

    private static string Pattern(CultureInfo culture) => culture.TwoLetterISOLanguageName switch
    {
        "es" => "d 'de' MMMM 'de' yyyy",
        _ => "d MMMM yyyy",
    };
}
