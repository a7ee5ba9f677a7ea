using System.ComponentModel.DataAnnotations;

namespace PatientAtlas.Features.Map;

/// <summary>The <c>Map</c> section: the smallest count the map publishes, and the limits on contact between members.</summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    /// <summary>No published count is smaller than this (k-anonymity): smaller cells fold into larger areas.</summary>
    [Range(2, 1000)]
    public int K { get; set; } = 11;

    /// <summary>Contact requests one member may send per day.</summary>
    [Range(1, 1000)]
    public int RequestsPerDay { get; set; } = 5;

    /// <summary>Messages one member may send per hour, over all conversations.</summary>
    [Range(1, 10_000)]
    public int MessagesPerHour { get; set; } = 60;

    /// <summary>The longest message (and contact request) in characters.</summary>
    [Range(100, 100_000)]
    public int MessageMaxLength { get; set; } = 2000;
}
