using System.Text.RegularExpressions;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// The sections of a reviewed summary that speak to another question's topic: an empty treatments page quotes the diet
/// summary's "What does treat hemifacial spasm" section, with a link, instead of saying nothing.
/// </summary>
public static class SummarySections
{
    public sealed record Section(string Heading, string FirstParagraph);

    /// <summary>The "## " sections whose heading shares a word stem with <paramref name="topic"/> (the question's label in
    /// the summary's language: "Treatments" finds "What does treat…", "Tratamientos" finds "Qué tratamientos…").</summary>
    public static IReadOnlyList<Section> OnTopic(string bodyMarkdown, string topic)
    {
        var stems = Words(topic).Where(w => w.Length >= 4).Select(w => w[..Math.Min(5, w.Length)]).ToList();
        if (stems.Count == 0)
        {
            return [];
        }
        var found = new List<Section>();
        var lines = bodyMarkdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                continue;
            }
            var heading = lines[i][3..].Trim();
            if (!Words(heading).Any(w => stems.Any(s => w.StartsWith(s, StringComparison.Ordinal))))
            {
                continue;
            }
            var paragraph = lines.Skip(i + 1).SkipWhile(string.IsNullOrWhiteSpace).TakeWhile(l => !string.IsNullOrWhiteSpace(l) && !l.StartsWith('#')).ToList();
            if (paragraph.Count > 0)
            {
                found.Add(new Section(heading, string.Join('\n', paragraph)));
            }
        }
        return found;
    }

    private static IEnumerable<string> Words(string text) =>
        Regex.Split(text.ToLowerInvariant(), @"\P{L}+", RegexOptions.None, TimeSpan.FromSeconds(1)).Where(w => w.Length > 0);
}
