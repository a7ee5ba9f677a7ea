namespace PatientAtlas.Features.Questions;

/// <summary>
/// The standard questions every condition has. Their wording lives in the resources
/// ("Question.{key}" with the condition as {0}; "QuestionLabel.{key}" for the short label).
/// </summary>
public static class QuestionTemplates
{
    public static IReadOnlyList<string> Keys { get; } =
    [
        "first-symptoms", "diagnosis", "treatments", "side-effects", "diet", "supplements",
        "alternative-therapies", "triggers", "exercise", "daily-life", "work-and-study", "mental-health",
        "sleep", "relationships", "pregnancy-and-family-planning", "genetics", "progression", "specialists",
        "support", "research", "travel", "advice-for-the-newly-diagnosed",
    ];

    private static readonly HashSet<string> KeySet = new(Keys, StringComparer.Ordinal);

    public static bool IsTemplate(string slug) => KeySet.Contains(slug);

    /// <summary>"Hemifacial spasm" with abbreviation "HFS" → "Hemifacial spasm (HFS)".</summary>
    public static string NameWithAbbreviation(string name, string? abbreviation) =>
        string.IsNullOrEmpty(abbreviation) ? name : $"{name} ({abbreviation})";
}
