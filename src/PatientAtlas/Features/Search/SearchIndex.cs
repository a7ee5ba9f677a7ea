using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Search;

/// <summary>
/// One typed word and the forms it may match ("huntingtons" → huntingtons, huntington). <paramref name="Prefix"/> lets the
/// first form match as a prefix ("hemif" → hemifacial); the other forms match whole words only.
/// </summary>
public sealed record WordMatch(IReadOnlyList<string> Forms, bool Prefix)
{
    /// <summary>A typo's corrections, best first: names may match any, content only the best ("chrons" → crohns).</summary>
    public bool Corrected { get; init; }
}

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

    /// <summary>
    /// Brings the documents of these experiences and summaries up to date: a published one is (re)written, any other
    /// is removed. Costs what the sources cost, whatever the size of the community (the write path calls it).
    /// </summary>
    Task IndexSourcesAsync(IReadOnlyCollection<long> experienceIds, IReadOnlyCollection<int> summaryIds, CancellationToken cancellationToken);

    /// <summary>What is wrong with the index (a full-text table or trigger missing), or null when it is whole; cheap enough for every health probe.</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}

public static class SearchIndex
{
    /// <summary>The index native to the database behind <paramref name="db"/>.</summary>
    public static ISearchIndex For(AtlasDb db) => db.Provider == DatabaseProvider.Postgres ? new PostgresSearchIndex(db) : new SqliteSearchIndex(db);

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
    // SQLite looks a named parameter up by linear search, so a statement costs the square of its parameters: 64 rows of 4-8 columns.
    private const int BatchRows = 64;

    /// <summary>
    /// A document's id is its source's: an experience's id, or 2^40 plus a summary's id. Each kind is one id range
    /// (SQLite reaches it by a rowid range inside the full-text index), "newest first" is id order within a kind,
    /// and two writers never compete for a number: the database generated it with the source row.
    /// </summary>
    public const long SummaryIdBand = 1L << 40;

    public static long ExperienceDocument(long experienceId) => experienceId;

    public static long SummaryDocument(int summaryId) => SummaryIdBand + summaryId;

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

        // One row per condition and folded text, the lowest kind winning, in pre-rank order (kind, length, condition;
        // ties in first-seen order). Loops rather than GroupBy/OrderBy chains: a million conditions have millions of names.
        var byKey = new Dictionary<(int Id, string Folded), int>();
        var kept = new List<(int Id, SearchNameKind Kind, string Folded)>(conditions.Count + names.Count);
        void Add(int id, SearchNameKind kind, string folded)
        {
            if (folded.Length is 0 or > 1000)
            {
                return;
            }
            if (byKey.TryGetValue((id, folded), out var at))
            {
                if (kind < kept[at].Kind)
                {
                    kept[at] = (id, kind, folded);
                }
                return;
            }
            byKey.Add((id, folded), kept.Count);
            kept.Add((id, kind, folded));
        }
        foreach (var c in conditions)
        {
            Add(c.Id, SearchNameKind.Preferred, SearchText.Fold(c.Name));
        }
        foreach (var n in names)
        {
            Add(n.ConditionId, (SearchNameKind)(int)n.Kind, SearchText.Fold(n.Text));
        }
        byKey = null;
        var order = new int[kept.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            var (x, y) = (kept[a], kept[b]);
            var c = x.Kind.CompareTo(y.Kind);
            c = c != 0 ? c : x.Folded.Length.CompareTo(y.Folded.Length);
            c = c != 0 ? c : x.Id.CompareTo(y.Id);
            return c != 0 ? c : a.CompareTo(b);
        });
        var rows = new List<object[]>(order.Length);
        foreach (var i in order)
        {
            var r = kept[i];
            rows.Add([rows.Count + 1, r.Id, (int)r.Kind, r.Folded]);
        }

        await InTransactionAsync(async () =>
        {
            await db.SearchNames.ExecuteDeleteAsync(cancellationToken);
            await InsertAsync("SearchNames", ["Id", "ConditionId", "Kind", "Folded"], rows, cancellationToken, bulk: true);
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
            await WriteDocumentsAsync(DocumentsTable, ids, checkpoint: null, cancellationToken);
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
        await WriteDocumentsAsync(DocumentsTable, null, checkpoint: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task IndexSourcesAsync(IReadOnlyCollection<long> experienceIds, IReadOnlyCollection<int> summaryIds, CancellationToken cancellationToken)
    {
        if (experienceIds.Count == 0 && summaryIds.Count == 0)
        {
            return;
        }
        var documentIds = experienceIds.Select(ExperienceDocument).Concat(summaryIds.Select(SummaryDocument)).ToList();
        await InTransactionAsync(async () =>
        {
            foreach (var chunk in documentIds.Chunk(500))
            {
                await db.SearchDocuments.Where(d => chunk.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            }
            foreach (var chunk in summaryIds.Chunk(500))
            {
                await InsertDocumentsAsync(DocumentsTable, await SummaryRowsAsync(s => chunk.Contains(s.Id), cancellationToken), cancellationToken);
            }
            foreach (var chunk in experienceIds.Chunk(500))
            {
                await InsertDocumentsAsync(DocumentsTable, await ExperienceRowsAsync(e => chunk.Contains(e.Id) && e.Status == ExperienceStatus.Published, cancellationToken), cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// After a rebuild read the sources, the write path may have changed some of them in the live index: those of the
    /// questions noted since <paramref name="since"/> are indexed again, so the swap loses no write.
    /// </summary>
    protected async Task CatchUpAsync(DateTime since, CancellationToken cancellationToken)
    {
        var questions = await db.ContentChanges.AsNoTracking().Where(c => c.ChangedAt >= since && c.QuestionId != null)
            .Select(c => c.QuestionId!.Value).Distinct().ToListAsync(cancellationToken);
        foreach (var chunk in questions.Chunk(200))
        {
            var experiences = await db.Experiences.AsNoTracking().Where(e => chunk.Contains(e.QuestionId)).Select(e => e.Id).ToListAsync(cancellationToken);
            var summaries = await db.Summaries.AsNoTracking().Where(s => chunk.Contains(s.QuestionId)).Select(s => s.Id).ToListAsync(cancellationToken);
            var stale = await db.SearchDocuments.AsNoTracking().Where(d => chunk.Contains(d.QuestionId)).Select(d => d.Id).ToListAsync(cancellationToken);
            await IndexSourcesAsync(
                [.. experiences.Concat(stale.Where(id => id < SummaryIdBand)).Distinct()],
                [.. summaries.Concat(stale.Where(id => id >= SummaryIdBand).Select(id => (int)(id - SummaryIdBand))).Distinct()],
                cancellationToken);
        }
    }

    /// <summary>
    /// Writes the published summaries and experiences of these conditions (all when null) into <paramref name="table"/>;
    /// <paramref name="checkpoint"/> runs after every 50,000 experience ids (SQLite commits there).
    /// </summary>
    protected async Task WriteDocumentsAsync(string table, List<int>? ids, Func<Task>? checkpoint, CancellationToken cancellationToken)
    {
        await InsertDocumentsAsync(table, await SummaryRowsAsync(s => ids == null || ids.Contains(s.ConditionId), cancellationToken), cancellationToken);
        if (ids is not null)
        {
            // A few conditions: their experiences through the (ConditionId, Status) index, a batch of ids at a time.
            long after = 0;
            while (true)
            {
                var batch = await db.Experiences.AsNoTracking()
                    .Where(e => ids.Contains(e.ConditionId) && e.Status == ExperienceStatus.Published && e.Id > after)
                    .OrderBy(e => e.Id).Select(e => e.Id).Take(2000).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    return;
                }
                await InsertDocumentsAsync(table, await ExperienceRowsAsync(e => batch.Contains(e.Id), cancellationToken), cancellationToken);
                after = batch[^1];
            }
        }

        // Everything: experiences in windows of the primary key, so a million of them never sit in memory at once
        // and each window is a range seek (a "Status = … ORDER BY Id LIMIT" query let SQLite scan from the start every time).
        var last = await db.Experiences.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        for (long after = 0; after < last; after += 2000)
        {
            var to = after + 2000;
            await InsertDocumentsAsync(table,
                await ExperienceRowsAsync(e => e.Id > after && e.Id <= to && e.Status == ExperienceStatus.Published, cancellationToken), cancellationToken);
            if (checkpoint is not null && to % 50_000 == 0)
            {
                await checkpoint();
            }
        }
    }

    /// <summary>A published summary as documents read it (member-initialized, so a filter on it still translates to SQL).</summary>
    private sealed class SummarySource
    {
        public int Id { get; init; }
        public int ConditionId { get; init; }
        public int QuestionId { get; init; }
        public string Slug { get; init; } = "";
        public string Language { get; init; } = "";
        public string ShortAnswer { get; init; } = "";
        public string BodyMarkdown { get; init; } = "";
    }

    /// <summary>The document rows of the published summaries that <paramref name="filter"/> selects (by summary id or condition).</summary>
    private async Task<List<object[]>> SummaryRowsAsync(System.Linq.Expressions.Expression<Func<SummarySource, bool>> filter, CancellationToken cancellationToken)
    {
        var summaries = await (
            from s in db.Summaries.AsNoTracking()
            join q in db.Questions on s.QuestionId equals q.Id
            from r in s.Revisions.Where(r => r.Status == SummaryStatus.Published)
            select new SummarySource { Id = s.Id, ConditionId = q.ConditionId, QuestionId = q.Id, Slug = q.Slug, Language = s.Language, ShortAnswer = r.ShortAnswer, BodyMarkdown = r.BodyMarkdown })
            .Where(filter)
            .ToListAsync(cancellationToken);
        var labels = await ConditionLabelsAsync(summaries.Select(s => s.ConditionId), cancellationToken);
        return [.. summaries.Select(s =>
        {
            var text = s.ShortAnswer + " " + SearchText.PlainText(s.BodyMarkdown);
            return new object[] { SummaryDocument(s.Id), (int)SearchDocumentKind.Summary, s.Id, s.ConditionId, s.QuestionId, s.Language, text, Folded(labels, s.ConditionId, s.Slug, text) };
        })];
    }

    /// <summary>The document rows of the experiences that <paramref name="filter"/> selects (the caller says which are published).</summary>
    private async Task<List<object[]>> ExperienceRowsAsync(System.Linq.Expressions.Expression<Func<Experience, bool>> filter, CancellationToken cancellationToken)
    {
        var batch = await db.Experiences.AsNoTracking()
            .Where(filter)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.ConditionId, e.QuestionId, Slug = db.Questions.Where(q => q.Id == e.QuestionId).Select(q => q.Slug).First(), e.Language, e.Text })
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return [];
        }
        var labels = await ConditionLabelsAsync(batch.Select(e => e.ConditionId), cancellationToken);
        return [.. batch.Select(e => new object[] { ExperienceDocument(e.Id), (int)SearchDocumentKind.Experience, e.Id, e.ConditionId, e.QuestionId, e.Language, e.Text, Folded(labels, e.ConditionId, e.Slug, e.Text) })];
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
    private async Task InsertAsync(string table, string[] columns, List<object[]> rows, CancellationToken cancellationToken, bool bulk = false)
    {
        var head = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ";
        if (bulk && db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            // A full rebuild in a transaction (the connection is open): one command per row count, prepared once and given new values
            // for every batch (rebuilding and preparing the same text for each of 30,000 batches cost more than running them).
            var commands = new Dictionary<int, System.Data.Common.DbCommand>();
            try
            {
                foreach (var chunk in rows.Chunk(BatchRows))
                {
                    if (!commands.TryGetValue(chunk.Length, out var command))
                    {
                        command = transaction.Connection!.CreateCommand();
                        command.Transaction = transaction;
                        command.CommandText = Values(head, chunk.Length, columns.Length, n => "@p" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        for (var n = 0; n < chunk.Length * columns.Length; n++)
                        {
                            var parameter = command.CreateParameter();
                            parameter.ParameterName = "@p" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            command.Parameters.Add(parameter);
                        }
                        commands.Add(chunk.Length, command);
                    }
                    for (var r = 0; r < chunk.Length; r++)
                    {
                        for (var c = 0; c < columns.Length; c++)
                        {
                            command.Parameters[r * columns.Length + c].Value = chunk[r][c] ?? DBNull.Value;
                        }
                    }
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            finally
            {
                foreach (var command in commands.Values)
                {
                    await command.DisposeAsync();
                }
            }
            return;
        }
        foreach (var chunk in rows.Chunk(BatchRows))
        {
            var parameters = new object[chunk.Length * columns.Length];
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    parameters[r * columns.Length + c] = chunk[r][c];
                }
            }
            var sql = Values(head, chunk.Length, columns.Length, n => "{" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
    }

    private static string Values(string head, int rows, int columns, Func<int, string> placeholder)
    {
        var sql = new System.Text.StringBuilder(head);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                sql.Append(c == 0 ? "" : ", ").Append(placeholder(r * columns + c));
            }
            sql.Append(')');
        }
        return sql.ToString();
    }
}
