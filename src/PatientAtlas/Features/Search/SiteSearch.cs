using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Search;

/// <summary>
/// Understands a query and ranks conditions the same way on both databases: a code (G51.3, ORPHA:221083), then
/// an exact abbreviation or name, then a name that starts with the query, then any name holding every word
/// (synonyms), then names reached by correcting typos (edit distance ≤ 2 on words of 5 letters or more).
/// Ties go to the condition with more community content. Candidates are capped, so every query is bounded.
/// </summary>
public sealed class SiteSearch(AtlasDb db, ISearchIndex index)
{
    public const int CandidateLimit = 300;
    private const int FuzzyMinLength = 5;
    private const int FuzzyMaxDistance = 2;

    public enum Tier
    {
        Code = 0,
        Exact = 1,
        Prefix = 2,
        Synonym = 3,
        Fuzzy = 4,
    }

    public sealed record RankedCondition(int Id, Tier Tier, SearchNameKind Kind, int Community);

    public sealed record ConditionMatches(IReadOnlyList<RankedCondition> Conditions, string? DidYouMean, IReadOnlyList<WordMatch> Words);

    /// <summary>What a query means: its words, the standard questions it names, and the words left for conditions.</summary>
    public sealed record ParsedQuery(string Raw, IReadOnlyList<string> Words, IReadOnlyList<string> Templates, IReadOnlyList<string> ConditionWords)
    {
        public static ParsedQuery Parse(string raw)
        {
            var words = SearchText.Words(raw);
            var templates = words.Select(QuestionWords.TemplateOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var rest = words.Where(w => QuestionWords.TemplateOf(w) is null).ToList();
            return new ParsedQuery(raw.Trim(), words, templates, rest);
        }
    }

    /// <summary>Conditions for the whole query; when none match it whole, the words left after the question words ("hfs diet" → "hfs").</summary>
    public async Task<ConditionMatches> ConditionsAsync(ParsedQuery query, int limit, bool fuzzy, CancellationToken cancellationToken)
    {
        var whole = await RankAsync(query.Raw, query.Words, limit, fuzzy, cancellationToken);
        if (whole.Conditions.Count > 0 || query.Templates.Count == 0 || query.ConditionWords.Count == 0)
        {
            return whole;
        }
        var rest = await RankAsync("", query.ConditionWords, limit, fuzzy, cancellationToken);
        var didYouMean = rest.DidYouMean is null ? null : string.Join(' ', query.Words.Select(w => Corrected(w, query.ConditionWords, rest.DidYouMean)));
        return rest with { DidYouMean = didYouMean };
    }

    /// <summary>The conditions a question search is about: the words left after the question words.</summary>
    public async Task<IReadOnlyList<RankedCondition>> QuestionConditionsAsync(ParsedQuery query, ConditionMatches whole, int limit, CancellationToken cancellationToken)
    {
        if (query.Templates.Count == 0 || query.ConditionWords.Count == 0)
        {
            return [];
        }
        if (query.ConditionWords.Count == query.Words.Count)
        {
            return [.. whole.Conditions.Take(limit)];
        }
        var rest = await RankAsync("", query.ConditionWords, limit, fuzzy: true, cancellationToken);
        return [.. rest.Conditions.Take(limit)];
    }

    private static string Corrected(string word, IReadOnlyList<string> original, string corrected)
    {
        var i = original.ToList().IndexOf(word);
        var fixedWords = corrected.Split(' ');
        return i >= 0 && i < fixedWords.Length ? fixedWords[i] : word;
    }

    private async Task<ConditionMatches> RankAsync(string raw, IReadOnlyList<string> words, int limit, bool fuzzy, CancellationToken cancellationToken)
    {
        var best = new Dictionary<int, (Tier Tier, SearchNameKind Kind, int Length)>();
        void Offer(int id, Tier tier, SearchNameKind kind, int length)
        {
            if (!best.TryGetValue(id, out var current) || (tier, kind, length).CompareTo(current) < 0)
            {
                best[id] = (tier, kind, length);
            }
        }

        foreach (var id in await CodeMatchesAsync(raw, cancellationToken))
        {
            Offer(id, Tier.Code, SearchNameKind.Preferred, 0);
        }

        var matches = SearchText.Matches(words);
        string? didYouMean = null;
        if (words.Count > 0)
        {
            await OfferNamesAsync(words, matches, Tier.Exact, Offer, cancellationToken);
            if (fuzzy && best.Count(b => b.Value.Tier <= Tier.Synonym) < 3)
            {
                var corrected = await CorrectAsync(words, cancellationToken);
                if (corrected is not null)
                {
                    var before = best.Count;
                    await OfferNamesAsync(words, corrected.Value.Matches, Tier.Fuzzy, Offer, cancellationToken);
                    if (best.Count > before || best.Values.Any(b => b.Tier == Tier.Fuzzy))
                    {
                        didYouMean = corrected.Value.Text;
                        matches = [.. corrected.Value.Matches];
                    }
                }
            }
        }

        // Ties go to community content: count it only for the best few hundred candidates.
        var top = best.OrderBy(b => b.Value).Take(CandidateLimit).ToList();
        var ids = top.Select(b => b.Key).ToList();
        var community = await db.Questions.AsNoTracking()
            .Where(q => q.ExperienceCount > 0 && ids.Contains(q.ConditionId))
            .GroupBy(q => q.ConditionId)
            .Select(g => new { g.Key, Count = g.Sum(q => q.ExperienceCount) })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var featured = (await db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id) && c.IsFeatured).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var ranked = top
            .Select(b => (Condition: new RankedCondition(b.Key, b.Value.Tier, b.Value.Kind, community.GetValueOrDefault(b.Key)), b.Value.Length))
            .OrderBy(r => r.Condition.Tier)
            .ThenByDescending(r => r.Condition.Community)
            .ThenByDescending(r => featured.Contains(r.Condition.Id))
            .ThenBy(r => r.Condition.Kind)
            .ThenBy(r => r.Length)
            .ThenBy(r => r.Condition.Id)
            .Select(r => r.Condition)
            .Take(limit)
            .ToList();
        return new ConditionMatches(ranked, didYouMean, matches);
    }

    /// <summary>Exact names (B-tree equality), names that start with the query (B-tree range), then the full-text index.</summary>
    private async Task OfferNamesAsync(IReadOnlyList<string> words, IReadOnlyList<WordMatch> matches, Tier baseTier,
        Action<int, Tier, SearchNameKind, int> offer, CancellationToken cancellationToken)
    {
        var fuzzy = baseTier == Tier.Fuzzy;
        var phrases = Phrases(fuzzy ? [.. matches.Select(m => m.Forms[0])] : words);
        if (!fuzzy)
        {
            var exact = await db.SearchNames.AsNoTracking().Where(n => phrases.Contains(n.Folded)).Take(100).ToListAsync(cancellationToken);
            foreach (var n in exact)
            {
                offer(n.ConditionId, n.Kind == SearchNameKind.Related ? Tier.Synonym : Tier.Exact, n.Kind, n.Folded.Length);
            }
            var phrase = phrases[0];
            var high = phrase + "~";
            var prefixed = await db.SearchNames
                .FromSql($"""SELECT * FROM "SearchNames" WHERE "Folded" >= {phrase} AND "Folded" < {high} ORDER BY "Folded" LIMIT 100""")
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            foreach (var n in prefixed)
            {
                offer(n.ConditionId, n.Kind == SearchNameKind.Preferred ? Tier.Prefix : Tier.Synonym, n.Kind, n.Folded.Length);
            }
        }
        foreach (var n in await index.MatchNamesAsync(matches, CandidateLimit, cancellationToken))
        {
            var tier = fuzzy ? Tier.Fuzzy
                : n.Kind == SearchNameKind.Preferred && StartsWith(n.Folded, phrases) ? Tier.Prefix
                : Tier.Synonym;
            offer(n.ConditionId, tier, n.Kind, n.Folded.Length);
        }
    }

    /// <summary>A name that starts with the phrase as typed ("hemif"), or with the whole words of its "s"-less form ("parkinsons" → "parkinson disease").</summary>
    private static bool StartsWith(string name, List<string> phrases) =>
        name.StartsWith(phrases[0], StringComparison.Ordinal)
        || phrases.Skip(1).Any(p => name == p || name.StartsWith(p + " ", StringComparison.Ordinal));

    /// <summary>The query as one phrase, and with possessive or plural "s" dropped ("huntingtons" → "huntington").</summary>
    private static List<string> Phrases(IReadOnlyList<string> words) =>
        [.. new[] { string.Join(' ', words), string.Join(' ', words.Select(w => SearchText.Variants(w)[^1])) }.Distinct(StringComparer.Ordinal)];

    /// <summary>Each word of 5 letters or more that the index does not know is replaced by its closest indexed words.</summary>
    private async Task<(List<WordMatch> Matches, string Text)?> CorrectAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var matches = new List<WordMatch>();
        var text = new List<string>();
        var changed = false;
        foreach (var (word, i) in words.Select((w, i) => (w, i)))
        {
            if (word.Length < FuzzyMinLength || word.Any(char.IsAsciiDigit))
            {
                matches.Add(SearchText.Match(word, last: i == words.Count - 1));
                text.Add(word);
                continue;
            }
            var candidates = await index.CandidateWordsAsync(word, 5000, cancellationToken);
            var variants = SearchText.Variants(word);
            // A word the catalog's names or the community's text already use is what the reader meant: never replaced.
            if (candidates.Any(c => variants.Contains(c.Word)) || await InCommunityTextAsync(variants, cancellationToken))
            {
                matches.Add(new WordMatch(variants, Prefix: false));
                text.Add(word);
                continue;
            }
            // Closest first; at the same distance, the word with the same letters in another order ("chrons" → crohns,
            // not chronic), then a word people use in their own text, then the word more names use.
            var nearest = candidates
                .Select(c => (c.Word, c.Docs, Distance: variants.Min(v => EditDistance.Levenshtein(v, c.Word)), Letters: variants.Min(v => LetterDifference(v, c.Word))))
                .Where(c => c.Distance <= FuzzyMaxDistance)
                .OrderBy(c => c.Distance).ThenBy(c => c.Letters).ThenByDescending(c => c.Docs).ThenBy(c => c.Word, StringComparer.Ordinal)
                .Take(PeopleWordChecks)
                .ToList();
            var used = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var c in nearest)
            {
                used[c.Word] = await InCommunityTextAsync([c.Word], cancellationToken);
            }
            var close = nearest
                .OrderBy(c => c.Distance).ThenBy(c => c.Letters).ThenByDescending(c => used[c.Word]).ThenByDescending(c => c.Docs).ThenBy(c => c.Word, StringComparer.Ordinal)
                .Take(3)
                .ToList();
            if (close.Count == 0)
            {
                matches.Add(SearchText.Match(word, last: i == words.Count - 1));
                text.Add(word);
                continue;
            }
            changed = true;
            matches.Add(new WordMatch([.. close.Select(c => c.Word)], Prefix: false) { Corrected = true });
            text.Add(close[0].Word);
        }
        return changed ? (matches, string.Join(' ', text)) : null;
    }

    /// <summary>How many of the nearest corrections are looked up in the community's text.</summary>
    private const int PeopleWordChecks = 6;

    /// <summary>Letters one word has that the other lacks, both ways: 0 for the same letters in another order.</summary>
    private static int LetterDifference(string a, string b)
    {
        Span<int> counts = stackalloc int[36];
        foreach (var c in a)
        {
            counts[Slot(c)]++;
        }
        foreach (var c in b)
        {
            counts[Slot(c)]--;
        }
        var difference = 0;
        foreach (var n in counts)
        {
            difference += Math.Abs(n);
        }
        return difference;

        static int Slot(char c) => c is >= 'a' and <= 'z' ? c - 'a' : c is >= '0' and <= '9' ? 26 + c - '0' : 0;
    }

    /// <summary>Whether published summaries or experiences use the word (one bounded look-up per kind).</summary>
    private async Task<bool> InCommunityTextAsync(IReadOnlyList<string> forms, CancellationToken cancellationToken)
    {
        foreach (var kind in new[] { SearchDocumentKind.Experience, SearchDocumentKind.Summary })
        {
            var (_, count) = await index.MatchDocumentsAsync(kind, [new WordMatch(forms, Prefix: false)], null, 0, 0, 1, cancellationToken);
            if (count > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A code typed as SYSTEM:code ("ORPHA:221083", "OMIM 141405") or a bare ICD-10 code ("G51.3").</summary>
    private async Task<IReadOnlyList<int>> CodeMatchesAsync(string raw, CancellationToken cancellationToken)
    {
        if (raw.Length is 0 or > 60)
        {
            return [];
        }
        IQueryable<ConditionCode> codes;
        if (CodeSystems.TryParse(raw, out var system, out var code))
        {
            codes = db.ConditionCodes.Where(c => c.System == system && c.Code == code);
        }
        else if (SearchText.LooksLikeIcd10(raw))
        {
            var upper = raw.Trim().ToUpperInvariant();
            codes = db.ConditionCodes.Where(c => (c.System == "ICD10" || c.System == "ICD10CM") && c.Code == upper);
        }
        else
        {
            return [];
        }
        return await codes.AsNoTracking()
            .Join(db.Conditions.Where(c => !c.IsObsolete), c => c.ConditionId, c => c.Id, (code, condition) => condition.Id)
            .Distinct()
            .OrderBy(id => id)
            .Take(20)
            .ToListAsync(cancellationToken);
    }
}
