using PatientAtlas.Features.Accounts.Conditions;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// What a member wrote, as the form or the API sent it (codes as strings, so an unknown one becomes a field error
/// instead of a binding failure). <see cref="ExperienceSubmissions"/> checks it; nothing here touches the database.
/// </summary>
public sealed record ExperienceDraft(string? Text, string? Relation, string? Language, IReadOnlyList<TriedDraft>? Tried);

public sealed record TriedDraft(string? Intervention, string? Outcome, string? Duration, string? SideEffects)
{
    /// <summary>A row of the form left blank (the page shows a few empty rows; they are not entries).</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Intervention) && string.IsNullOrWhiteSpace(Outcome)
        && string.IsNullOrWhiteSpace(Duration) && string.IsNullOrWhiteSpace(SideEffects);
}

/// <summary>The codes the API and the form use for relations and outcomes, and the limits of every field.</summary>
public static class ExperienceCodes
{
    public const int TextMaxLength = 10_000;
    public const int MaxTried = 20;
    public const int InterventionMaxLength = 200;
    public const int DurationMaxLength = 100;
    public const int SideEffectsMaxLength = 1000;

    public static readonly IReadOnlyList<(string Code, Relation Relation)> Relations =
    [
        ("affected", Relation.Affected),
        ("family-and-friends", Relation.FamilyAndFriends),
        ("caregiver", Relation.Caregiver),
        ("professional", Relation.Professional),
        ("researcher", Relation.Researcher),
        ("organisation", Relation.Organisation),
    ];

    public static readonly IReadOnlyList<(string Code, Outcome Outcome)> Outcomes =
    [
        ("helped", Outcome.Helped),
        ("no-change", Outcome.NoChange),
        ("worse", Outcome.Worse),
    ];

    public static Relation? ParseRelation(string? code) =>
        Relations.Where(r => string.Equals(r.Code, code?.Trim(), StringComparison.Ordinal)).Select(r => (Relation?)r.Relation).FirstOrDefault();

    public static Outcome? ParseOutcome(string? code) =>
        Outcomes.Where(o => string.Equals(o.Code, code?.Trim(), StringComparison.Ordinal)).Select(o => (Outcome?)o.Outcome).FirstOrDefault();

    public static string Code(Relation relation) => Relations.First(r => r.Relation == relation).Code;

    public static string Code(Outcome outcome) => Outcomes.First(o => o.Outcome == outcome).Code;

    public static string Code(ExperienceStatus status) => status switch
    {
        ExperienceStatus.Published => "published",
        ExperienceStatus.Pending => "pending",
        ExperienceStatus.Hidden => "hidden",
        ExperienceStatus.Rejected => "rejected",
        _ => "removed",
    };
}
