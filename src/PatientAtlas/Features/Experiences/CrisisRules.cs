using System.Text.RegularExpressions;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// One language's crisis rules, read on unmasked text (lower case, no accents, one kind of apostrophe). A text is split
/// into clauses; idioms that use the words without meaning them are blanked; a pattern marked guarded does not count
/// after a denial close before it ("I would never hurt myself") or in a leaflet's or a study's voice.
/// </summary>
public sealed partial class CrisisRules(string language, IReadOnlyList<CrisisRules.Rule> rules, Regex clauses, Regex idioms, Regex negation, Regex informational)
{
    public sealed record Rule(Regex Pattern, bool Guarded);

    public string Language { get; } = language;

    public bool Matches(string text)
    {
        foreach (var clause in clauses.Split(text))
        {
            var plain = idioms.Replace(clause, " ");
            foreach (var (pattern, guarded) in rules)
            {
                foreach (Match match in pattern.Matches(plain))
                {
                    if (!guarded || !Negated(plain, match.Index))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private bool Negated(string clause, int at)
    {
        // The denial's reach ends at a comma: "no aguanto más, me quiero morir" is not denied.
        var before = clause[..at];
        var words = Words().Matches(before[(before.LastIndexOf(',') + 1)..]).TakeLast(4).Select(m => m.Value);
        return negation.IsMatch(string.Join(' ', words)) || informational.IsMatch(clause);
    }

    private static Rule Guarded(string pattern) => new(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), true);

    private static Rule Always(string pattern) => new(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), false);

    private static Regex Compiled(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Words();
}
