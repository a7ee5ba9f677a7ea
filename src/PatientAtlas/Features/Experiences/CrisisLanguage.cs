using PatientAtlas.Text;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// The crisis safety net: words of suicide or self-harm in every language the site speaks, in any post whatever its
/// page's language. The text is unmasked first (<see cref="Unmasking"/>: look-alike letters, invisible characters,
/// spaced or dotted letters, digits for letters, held letters), then every language's rules read every reading. A
/// match holds the post at the top of the moderation queue and shows the writer the crisis resources at once. It errs
/// towards holding: a missed crisis costs far more than a moderator's minute. Measured on <c>crisis-phrases.tsv</c>
/// (the rules' development set) and on a held-out set the rules were not written on (README, "Safety nets").
/// </summary>
public static class CrisisLanguage
{
    /// <summary>One entry per language; a language is added with a file of its rules and a line here.</summary>
    public static readonly IReadOnlyList<CrisisRules> Languages = [CrisisRules.English, CrisisRules.Spanish];

    public static bool IsCrisis(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Unmasking.Readings(text).Any(reading => Languages.Any(rules => rules.Matches(reading)));
}
