using System.ComponentModel.DataAnnotations;

namespace PatientAtlas.Features.Map;

/// <summary>The <c>Map</c> section: the smallest count the map publishes, who it counts, and the limits on contact between members.</summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    /// <summary>No published count is smaller than this (k-anonymity): smaller cells fold into larger areas.</summary>
    [Range(2, 1000)]
    public int K { get; set; } = 11;

    /// <summary>
    /// How old an account must be before the map counts it (with a confirmed address, consent, and no suspension), and
    /// how long a relation and a place must have been held (a relation's kind changed or a place moved starts again). k
    /// only protects against accounts that cost something: with this delay a burst of sign-ups changes no published
    /// cell for this many days, and each fake account costs a mailbox, a consent and this much waiting. Seven days is
    /// longer than a throw-away mailbox or a scripted probe usually lives, and short enough that a real newcomer sees
    /// themselves on the map within a week (0 turns the delay off; the other conditions of standing remain).
    /// </summary>
    [Range(0, 365)]
    public int CountAfterDays { get; set; } = 7;

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
