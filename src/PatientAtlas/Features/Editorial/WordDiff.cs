using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Editorial;

/// <summary>A word-level diff of two revisions' text (DiffPlex), as runs of kept, removed and added words.</summary>
public static class WordDiff
{
    public enum Kind
    {
        Same,
        Removed,
        Added,
    }

    public sealed record Run(Kind Kind, string Text);

    public static IReadOnlyList<Run> Of(string before, string after)
    {
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new DelimiterChunker([' ', '\n', '\t', '.', ',', ';', ':', '(', ')']));
        var runs = new List<Run>();
        void Add(Kind kind, IEnumerable<string> pieces)
        {
            var text = string.Concat(pieces);
            if (text.Length == 0)
            {
                return;
            }
            if (runs.Count > 0 && runs[^1].Kind == kind)
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + text };
            }
            else
            {
                runs.Add(new Run(kind, text));
            }
        }
        var a = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(Kind.Same, result.PiecesOld.Skip(a).Take(block.DeleteStartA - a));
            Add(Kind.Removed, result.PiecesOld.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            Add(Kind.Added, result.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB));
            a = block.DeleteStartA + block.DeleteCountA;
        }
        Add(Kind.Same, result.PiecesOld.Skip(a));
        return runs;
    }

    /// <summary>A revision as one text to compare: short answer, sections, then the citations one per line.</summary>
    public static string TextOf(SummaryRevision? revision) => revision is null ? "" : TextOf(revision.ShortAnswer, revision.BodyMarkdown,
        revision.Citations.OrderBy(c => c.Position).Select(c => (c.Title, CitationInput.IdentifierOf(c.PubMedId, c.Doi, c.Url), c.AccessedOn)));

    public static string TextOf(string shortAnswer, string body, IEnumerable<(string Title, string Identifier, DateOnly? Accessed)> citations)
    {
        var text = new StringBuilder().Append(shortAnswer).Append("\n\n").Append(body);
        var i = 0;
        foreach (var (title, identifier, accessed) in citations)
        {
            text.Append(i == 0 ? "\n\n" : "\n").Append(CultureInfo.InvariantCulture, $"[{++i}] {title} · {identifier}");
            if (accessed is { } on)
            {
                text.Append(CultureInfo.InvariantCulture, $" · {on:yyyy-MM-dd}");
            }
        }
        return text.ToString();
    }
}
