using System.ComponentModel.DataAnnotations;

namespace PatientAtlas.Features.Editorial;

/// <summary>The <c>Editorial</c> section: how long a review holds, and when reviewers get their weekly digest.</summary>
public sealed class EditorialOptions
{
    public const string Section = "Editorial";

    /// <summary>Months from a review to the next one ("Next review due"), unless the question's template says otherwise.</summary>
    [Range(1, 60)]
    public int ReviewMonths { get; set; } = 12;

    /// <summary>Per template key ("treatments": 6): fast-moving topics are reviewed more often.</summary>
    public Dictionary<string, int> ReviewMonthsByTemplate { get; set; } = [];

    /// <summary>Whether the site mails reviewers their digest on its own (the <c>send-review-digest</c> verb works either way).</summary>
    public bool WeeklyDigest { get; set; } = true;

    /// <summary>The day and hour (UTC) the weekly digest is sent.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    [Range(0, 23)]
    public int DigestHourUtc { get; set; } = 7;

    /// <summary>A summary due within this many days is listed as coming due in the digest.</summary>
    [Range(0, 365)]
    public int DueSoonDays { get; set; } = 30;

    public int MonthsFor(string? templateKey) =>
        templateKey is not null && ReviewMonthsByTemplate.TryGetValue(templateKey, out var months) && months is > 0 and <= 60 ? months : ReviewMonths;
}
