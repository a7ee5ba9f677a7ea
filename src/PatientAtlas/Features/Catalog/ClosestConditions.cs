using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Catalog;

/// <summary>Conditions whose names are closest to what a reader typed or tried in an address (for 404 pages).</summary>
public static class ClosestConditions
{
    public sealed record Match(string Slug, string Name);

    public static async Task<IReadOnlyList<Match>> FindAsync(AtlasDb db, string text, int count, CancellationToken cancellationToken)
    {
        // Addresses can be kilobytes long; a name worth suggesting for is not.
        var query = TextFolding.Fold(text.Length > 64 ? text[..64] : text).Trim();
        var words = query.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length is >= 3 and <= 30)
            .OrderByDescending(w => w.Length)
            .Take(3)
            .ToList();
        if (words.Count == 0)
        {
            return [];
        }

        // Candidates share the first three letters of one of the words; ranking is done here.
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var stem = word[..3];
            var found = await db.Conditions.AsNoTracking()
                .Where(c => !c.IsObsolete && c.SortKey.Contains(stem))
                .OrderBy(c => c.SortKey.Length)
                .Take(300)
                .Select(c => new { c.Slug, c.Name })
                .ToListAsync(cancellationToken);
            foreach (var c in found)
            {
                candidates.TryAdd(c.Slug, c.Name);
            }
        }

        return candidates
            .Select(c => (Match: new Match(c.Key, c.Value), Score: Similarity(query, words, TextFolding.Fold(c.Value))))
            .Where(c => c.Score > 0.3)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Match.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Match)
            .ToList();
    }

    /// <summary>0..1: how well the typed words match the words of a name, allowing typos.</summary>
    private static double Similarity(string query, List<string> words, string name)
    {
        var nameWords = name.Split([' ', '-', '\'', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var total = 0.0;
        foreach (var word in words)
        {
            var best = 0.0;
            foreach (var candidate in nameWords)
            {
                var distance = EditDistance.Levenshtein(word, candidate);
                best = Math.Max(best, 1.0 - (double)distance / Math.Max(word.Length, candidate.Length));
            }
            total += best;
        }
        var wordScore = total / words.Count;
        var whole = 1.0 - (double)EditDistance.Levenshtein(query, name) / Math.Max(query.Length, name.Length);
        return (wordScore * 2 + whole) / 3;
    }

}
