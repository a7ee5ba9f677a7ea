using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Search;

/// <summary>
/// One typed word and the forms it may match ("huntingtons" → huntingtons, huntington). <paramref name="Prefix"/> lets the
/// first form match as a prefix ("hemif" → hemifacial); the other forms match whole words only.
/// </summary>
public sealed record WordMatch(IReadOnlyList<string> Forms, bool Prefix);

public sealed class NameHit
{
    public int Id { get; set; }
    public int ConditionId { get; set; }
    public SearchNameKind Kind { get; set; }
    public string Folded { get; set; } = "";
}

public sealed class VocabularyWord
{
    public string Word { get; set; } = "";
    public int Docs { get; set; }
}

public sealed class DocumentHit
{
    public long Id { get; set; }
    public long SourceId { get; set; }
    public int ConditionId { get; set; }
    public int QuestionId { get; set; }
    public string Language { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>
/// The full-text side of search, native to each database: SQLite FTS5 with an fts5vocab vocabulary, PostgreSQL
/// full-text search with a pg_trgm vocabulary. Every query is bounded (a LIMIT in static rank order), so a
/// common word costs about what a rare one does. Ranking lives in <see cref="SiteSearch"/>, the same for both.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Names holding every word (any of its forms), in pre-rank order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<NameHit>> MatchNamesAsync(IReadOnlyList<WordMatch> words, int limit, CancellationToken cancellationToken);

    /// <summary>Indexed words that could be a typo of <paramref name="word"/> (same first letter or similar trigrams).</summary>
    Task<IReadOnlyList<VocabularyWord>> CandidateWordsAsync(string word, int limit, CancellationToken cancellationToken);

    /// <summary>One page of published summaries or experiences holding every word, newest first, and their count up to <paramref name="countCap"/>.</summary>
    Task<(IReadOnlyList<DocumentHit> Hits, int Count)> MatchDocumentsAsync(
        SearchDocumentKind kind, IReadOnlyList<WordMatch> words, string? language, int skip, int take, int countCap, CancellationToken cancellationToken);

    /// <summary>Rebuilds the names of every live condition (after a catalog load or import).</summary>
    Task RebuildConditionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Re-indexes the published summaries and experiences of these conditions, or of all when null. Outside a
    /// transaction, all of them are rebuilt atomically for readers: the old index answers until the new one is complete.
    /// </summary>
    Task ReindexDocumentsAsync(IReadOnlyCollection<int>? conditionIds, CancellationToken cancellationToken);

    /// <summary>What is wrong with the index (a full-text table or trigger missing), or null when it is whole; cheap enough for every health probe.</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}

public static class SearchIndex
{
    /// <summary>The index native to the database behind <paramref name="db"/>.</summary>
    public static ISearchIndex For(AtlasDb db) => db is PostgresAtlasDb ? new PostgresSearchIndex(db) : new SqliteSearchIndex(db);

    /// <summary>Everything: condition names, then summaries and experiences (the <c>reindex</c> verb).</summary>
    public static async Task RebuildAllAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var index = For(db);
        await index.RebuildConditionsAsync(cancellationToken);
        await index.ReindexDocumentsAsync(null, cancellationToken);
    }
}

/// <summary>What both indexes share: the rows they index, written in pre-rank order through the same tables.</summary>
public abstract class SearchIndexBase(AtlasDb db)
{
    private const int BatchRows = 400;

    /// <summary>
    /// Summary documents are numbered from 2^40 and experiences below it, so each kind is one id range: SQLite
    /// reaches it by a rowid range inside the full-text index, and "newest first" stays id order within a kind.
    /// </summary>
    public const long SummaryIdBand = 1L << 40;

    protected const string DocumentsTable = "SearchDocuments";

    protected AtlasDb Db => db;

    /// <summary>Runs after the name rows changed (PostgreSQL refreshes its vocabulary).</summary>
    protected virtual Task AfterNamesChangedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After a full rebuild of the documents committed (PostgreSQL refreshes the statistics of the documents).</summary>
    protected virtual Task AfterFullDocumentRebuildAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RebuildConditionsAsync(CancellationToken cancellationToken)
    {
        var conditions = await db.Conditions.AsNoTracking().Where(c => !c.IsObsolete)
            .Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var names = await db.ConditionNames.AsNoTracking()
            .Where(n => db.Conditions.Any(c => c.Id == n.ConditionId && !c.IsObsolete))
            .Select(n => new { n.ConditionId, n.Text, n.Kind }).ToListAsync(cancellationToken);

        var rows = conditions.Select(c => (c.Id, Kind: SearchNameKind.Preferred, Folded: SearchText.Fold(c.Name)))
            .Concat(names.Select(n => (Id: n.ConditionId, Kind: (SearchNameKind)(int)n.Kind, Folded: SearchText.Fold(n.Text))))
            .Where(r => r.Folded.Length is > 0 and <= 1000)
            .GroupBy(r => (r.Id, r.Folded))
            .Select(g => g.MinBy(r => r.Kind))
            .OrderBy(r => r.Kind).ThenBy(r => r.Folded.Length).ThenBy(r => r.Id)
            .Select((r, i) => new object[] { i + 1, r.Id, (int)r.Kind, r.Folded })
            .ToList();

        await InTransactionAsync(async () =>
        {
            await db.SearchNames.ExecuteDeleteAsync(cancellationToken);
            await InsertAsync("SearchNames", ["Id", "ConditionId", "Kind", "Folded"], rows, cancellationToken);
            await AfterNamesChangedAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task ReindexDocumentsAsync(IReadOnlyCollection<int>? conditionIds, CancellationToken cancellationToken)
    {
        if (conditionIds is null && db.Database.CurrentTransaction is null)
        {
            await RebuildAllDocumentsAsync(cancellationToken);
            await AfterFullDocumentRebuildAsync(cancellationToken);
            return;
        }
        var ids = conditionIds?.Distinct().ToList();
        await InTransactionAsync(async () =>
        {
            var documents = ids is null ? db.SearchDocuments : db.SearchDocuments.Where(d => ids.Contains(d.ConditionId));
            await documents.ExecuteDeleteAsync(cancellationToken);
            var nextSummary = Math.Max(SummaryIdBand, (await db.SearchDocuments.Where(d => d.Id >= SummaryIdBand).MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0) + 1);
            var next = (await db.SearchDocuments.Where(d => d.Id < SummaryIdBand).MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0) + 1;
            await WriteDocumentsAsync(DocumentsTable, ids, nextSummary, next, checkpoint: null, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Every document again, atomically for readers: the old documents answer until the new ones are complete, and
    /// a rebuild stopped half-way leaves them as they were. Here one transaction (PostgreSQL readers keep their
    /// snapshot); SQLite builds beside the live index and swaps (see <see cref="SqliteSearchIndex"/>).
    /// </summary>
    protected virtual async Task RebuildAllDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SearchDocuments.ExecuteDeleteAsync(cancellationToken);
        await WriteDocumentsAsync(DocumentsTable, null, SummaryIdBand, 1, checkpoint: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the published summaries and experiences of these conditions (all when null) into <paramref name="table"/>,
    /// numbered from <paramref name="nextSummary"/> and <paramref name="next"/>; <paramref name="checkpoint"/> runs
    /// after every 50,000 experience ids (SQLite commits there).
    /// </summary>
    protected async Task WriteDocumentsAsync(string table, List<int>? ids, long nextSummary, long next, Func<Task>? checkpoint, CancellationToken cancellationToken)
    {
        var summaries = await (
            from s in db.Summaries.AsNoTracking()
            join q in db.Questions on s.QuestionId equals q.Id
            from r in s.Revisions.Where(r => r.Status == SummaryStatus.Published)
            where ids == null || ids.Contains(q.ConditionId)
            orderby r.PublishedOn, s.Id
            select new { s.Id, q.ConditionId, QuestionId = q.Id, q.Slug, s.Language, r.ShortAnswer, r.BodyMarkdown })
            .ToListAsync(cancellationToken);
        var labels = await ConditionLabelsAsync(summaries.Select(s => s.ConditionId), cancellationToken);
        var rows = new List<object[]>();
        foreach (var s in summaries)
        {
            var text = s.ShortAnswer + " " + SearchText.PlainText(s.BodyMarkdown);
            rows.Add([nextSummary++, (int)SearchDocumentKind.Summary, s.Id, s.ConditionId, s.QuestionId, s.Language, text, Folded(labels, s.ConditionId, s.Slug, text)]);
        }
        await InsertDocumentsAsync(table, rows, cancellationToken);

        // Experiences in windows of the primary key: a million of them never sit in memory at once, and each
        // window is a range seek (a "Status = … ORDER BY Id LIMIT" query let SQLite scan from the start every time).
        var last = await db.Experiences.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        for (long after = 0; after < last; after += 2000)
        {
            var to = after + 2000;
            var batch = await db.Experiences.AsNoTracking()
                .Where(e => e.Id > after && e.Id <= to && e.Status == ExperienceStatus.Published && (ids == null || ids.Contains(e.ConditionId)))
                .OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.ConditionId, e.QuestionId, Slug = db.Questions.Where(q => q.Id == e.QuestionId).Select(q => q.Slug).First(), e.Language, e.Text })
                .ToListAsync(cancellationToken);
            if (batch.Count > 0)
            {
                labels = await ConditionLabelsAsync(batch.Select(e => e.ConditionId), cancellationToken);
                await InsertDocumentsAsync(table,
                    [.. batch.Select(e => new object[] { next++, (int)SearchDocumentKind.Experience, e.Id, e.ConditionId, e.QuestionId, e.Language, e.Text, Folded(labels, e.ConditionId, e.Slug, e.Text) })],
                    cancellationToken);
            }
            if (checkpoint is not null && to % 50_000 == 0)
            {
                await checkpoint();
            }
        }
    }

    private Task InsertDocumentsAsync(string table, List<object[]> rows, CancellationToken cancellationToken) =>
        InsertAsync(table, ["Id", "Kind", "SourceId", "ConditionId", "QuestionId", "Language", "Text", "Folded"], rows, cancellationToken);

    /// <summary>A document is found by its condition's names and its question too: "hfs diet" finds the HFS diet summary.</summary>
    private static string Folded(Dictionary<int, string> labels, int conditionId, string questionSlug, string text) =>
        SearchText.Fold($"{labels.GetValueOrDefault(conditionId)} {questionSlug.Replace('-', ' ')} {text}");

    private async Task<Dictionary<int, string>> ConditionLabelsAsync(IEnumerable<int> conditionIds, CancellationToken cancellationToken)
    {
        var ids = conditionIds.Distinct().ToList();
        var conditions = await db.Conditions.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, Abbreviations = c.Names.Where(n => n.Kind == NameKind.Abbreviation).Select(n => n.Text).ToList() })
            .ToListAsync(cancellationToken);
        return conditions.ToDictionary(c => c.Id, c => string.Join(' ', c.Abbreviations.Prepend(c.Name)));
    }

    protected async Task InTransactionAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await work();
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Multi-row INSERTs, a few hundred rows per statement; the text holds only fixed names, every value is a parameter.</summary>
    private async Task InsertAsync(string table, string[] columns, List<object[]> rows, CancellationToken cancellationToken)
    {
        var head = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ";
        foreach (var chunk in rows.Chunk(BatchRows))
        {
            var sql = new System.Text.StringBuilder(head);
            var parameters = new object[chunk.Length * columns.Length];
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var n = r * columns.Length + c;
                    parameters[n] = chunk[r][c];
                    sql.Append(c == 0 ? "" : ", ").Append('{').Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('}');
                }
                sql.Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }
}
