using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// A new draft's starting point: the template's sections, and what our community reported on the question (how many
/// shared, the most-tried interventions with their outcomes and n). Facts from our data only: the outline never says
/// anything medical on its own; outcome shares follow the question page's threshold.
/// </summary>
public static class Outline
{
    private static readonly Dictionary<string, string[]> Headings = new(StringComparer.Ordinal)
    {
        ["en"] = ["In short", "What the evidence says", "What people in our community report", "When to talk to a doctor"],
        ["es"] = ["En resumen", "Lo que dice la evidencia", "Lo que cuenta nuestra comunidad", "Cuándo consultar a un médico"],
    };

    public static string[] SectionsFor(string language) => Headings.TryGetValue(language, out var h) ? h : Headings["en"];

    public static async Task<string> BuildAsync(AtlasDb db, SummaryWorkflow.Target target, DateOnly today, CancellationToken cancellationToken)
    {
        var es = target.Language == "es";
        var headings = SectionsFor(target.Language);
        var facts = new List<string>();
        if (target.QuestionId is { } id)
        {
            var count = await db.Questions.AsNoTracking().Where(q => q.Id == id).Select(q => q.ExperienceCount).FirstAsync(cancellationToken);
            facts.Add(es
                ? $"- {count} personas han compartido su experiencia en PatientAtlas (a {today:yyyy-MM-dd})."
                : $"- {count} {(count == 1 ? "person has" : "people have")} shared their experience on PatientAtlas (as of {today:yyyy-MM-dd}).");
            var tried = await db.QuestionTried.AsNoTracking().Where(t => t.QuestionId == id)
                .OrderByDescending(t => t.People).ThenBy(t => t.InterventionKey).Take(5).ToListAsync(cancellationToken);
            foreach (var t in tried)
            {
                var name = InterventionNames.Name(t.InterventionKey, target.Language) ?? t.Intervention;
                var c = CultureInfo.InvariantCulture;
                facts.Add(t.People >= QuestionView.OutcomeThreshold
                    ? (es ? string.Create(c, $"- {name}: {t.People} personas; ayudó {t.Helped}, sin cambios {t.NoChange}, peor {t.Worse}.")
                          : string.Create(c, $"- {name}: {t.People} people; helped {t.Helped}, no change {t.NoChange}, worse {t.Worse}."))
                    : (es ? string.Create(c, $"- {name}: {t.People} personas (demasiado pocas para mostrar resultados).")
                          : string.Create(c, $"- {name}: {t.People} {(t.People == 1 ? "person" : "people")} (too few to show outcomes).")));
            }
        }
        if (facts.Count == 0)
        {
            facts.Add(es ? "- Nadie ha compartido su experiencia todavía." : "- Nobody has shared an experience yet.");
        }
        var lines = new List<string>();
        foreach (var heading in headings)
        {
            lines.Add("## " + heading);
            lines.Add("");
            if (heading == headings[2])
            {
                lines.AddRange(facts);
                lines.Add("");
            }
        }
        return string.Join('\n', lines).TrimEnd();
    }

    /// <summary>The "## " headings of a body, for comments on one section.</summary>
    public static IReadOnlyList<string> SectionsOf(string? body) =>
        (body ?? "").Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).Where(h => h.Length > 0).Distinct().ToList();
}
