using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Search;

/// <summary>
/// SQLite: FTS5 external-content tables over SearchNames and SearchDocuments, kept in step by triggers, and an
/// fts5vocab table over the names for typo candidates (see the Search migration).
/// </summary>
public sealed class SqliteSearchIndex(AtlasDb db) : SearchIndexBase(db), ISearchIndex
{
    private const string NextDocuments = "SearchDocuments_next";
    private const string NextIndex = "search_docs_fts_next";
    private const string FillNextIndex = $"""INSERT INTO {NextIndex}(rowid, Folded) SELECT "Id", "Folded" FROM "{NextDocuments}" ORDER BY "Id" """;

    /// <summary>The full-text table over the documents, as the SearchDocumentBands migration made it (that migration stays frozen as written).</summary>
    private static string CreateDocumentsIndex(string name) => $"""
        CREATE VIRTUAL TABLE {name} USING fts5(Folded, content='SearchDocuments', content_rowid='Id', tokenize='unicode61', prefix='2 3');
        """;

    private const string CreateDocumentTriggers = """
        CREATE TRIGGER search_docs_ai AFTER INSERT ON "SearchDocuments" BEGIN
          INSERT INTO search_docs_fts(rowid, Folded) VALUES (new."Id", new."Folded");
        END;
        CREATE TRIGGER search_docs_ad AFTER DELETE ON "SearchDocuments" BEGIN
          INSERT INTO search_docs_fts(search_docs_fts, rowid, Folded) VALUES ('delete', old."Id", old."Folded");
        END;
        CREATE TRIGGER search_docs_au AFTER UPDATE ON "SearchDocuments" BEGIN
          INSERT INTO search_docs_fts(search_docs_fts, rowid, Folded) VALUES ('delete', old."Id", old."Folded");
          INSERT INTO search_docs_fts(rowid, Folded) VALUES (new."Id", new."Folded");
        END;
        """;

    /// <summary>What a healthy index has: the full-text tables, the vocabulary and the triggers that keep them in step.</summary>
    private static readonly string[] Objects =
    [
        "search_names_fts", "search_names_vocab", "search_names_ai", "search_names_ad", "search_names_au",
        "search_docs_fts", "search_docs_ai", "search_docs_ad", "search_docs_au",
    ];

    /// <summary>
    /// A full rebuild writes the new documents bare into a table beside the live one, indexes them in one pass into
    /// a full-text table of its own, then swaps both in with one short transaction; until then the old index answers,
    /// and a rebuild stopped half-way leaves it as it was (its leftovers are dropped by the next rebuild).
    /// Measured on a million experiences: row-by-row trigger indexing into the long-lived table slowed with every
    /// batch (1.2 s per 50,000 rows at first, 7.7 s by 300,000, over ten minutes in all), and a 'rebuild' of that
    /// same table took 31 s for 300,000 rows where a freshly created one took 7 s. The new full-text table is
    /// declared over "SearchDocuments" from the start (a renamed content table is not followed), so it is filled
    /// from the new rows by INSERT … SELECT, which indexes the same way as 'rebuild' (as fast, measured on 50,000
    /// documents) but reads the rows named. Writes made by the site while a rebuild runs land in the old table and are
    /// not carried over: run reindex when the community is quiet, as before.
    /// </summary>
    protected override async Task RebuildAllDocumentsAsync(CancellationToken cancellationToken)
    {
        var table = await Db.Database.SqlQuery<string>($"""
            SELECT sql AS "Value" FROM sqlite_master WHERE type = 'table' AND name = 'SearchDocuments'
            """).SingleAsync(cancellationToken);
        var createNext = ReplaceFirst(table, "\"SearchDocuments\"", $"\"{NextDocuments}\"");
        var prepare = $"""
            DROP TABLE IF EXISTS {NextIndex};
            DROP TABLE IF EXISTS "{NextDocuments}";
            {createNext};
            """;
        await InTransactionAsync(() => Db.Database.ExecuteSqlRawAsync(prepare, cancellationToken), cancellationToken);

        // Commits every 50,000 experiences: one transaction over a million rows let SQLite's write-ahead log
        // grow past a gigabyte and slowed every page read. Writes the site makes meanwhile go to the live index;
        // they are caught up after the swap (their change notes say which questions they touched).
        var started = DateTime.UtcNow - TimeSpan.FromMinutes(1);
        var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await WriteDocumentsAsync(NextDocuments, null, async () =>
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await transaction.DisposeAsync();
        }

        await InTransactionAsync(async () =>
        {
            await Db.Database.ExecuteSqlRawAsync(CreateDocumentsIndex(NextIndex), cancellationToken);
            await Db.Database.ExecuteSqlRawAsync(FillNextIndex, cancellationToken);
        }, cancellationToken);

        // The swap: readers see the old index or the new one, never a mix. The secondary indexes are created
        // here because SQLite index names are global (the old table holds them until it is dropped).
        await InTransactionAsync(async () =>
        {
            var indexes = await Db.Database.SqlQuery<string>($"""
                SELECT sql AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'SearchDocuments' AND sql IS NOT NULL
                """).ToListAsync(cancellationToken);
            var swap = $"""
                DROP TRIGGER IF EXISTS search_docs_ai;
                DROP TRIGGER IF EXISTS search_docs_ad;
                DROP TRIGGER IF EXISTS search_docs_au;
                DROP TABLE IF EXISTS search_docs_fts;
                DROP TABLE "SearchDocuments";
                ALTER TABLE "{NextDocuments}" RENAME TO "SearchDocuments";
                ALTER TABLE {NextIndex} RENAME TO search_docs_fts;
                {string.Join(";\n", indexes)};
                {CreateDocumentTriggers}
                """;
            await Db.Database.ExecuteSqlRawAsync(swap, cancellationToken);
            await CatchUpAsync(started, cancellationToken);
        }, cancellationToken);
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException("Unexpected schema of SearchDocuments: " + text) : text[..at] + replacement + text[(at + old.Length)..];
    }

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var present = await Db.Database.SqlQuery<string>($"""
            SELECT name AS "Value" FROM sqlite_master WHERE name IN ({Objects[0]}, {Objects[1]}, {Objects[2]}, {Objects[3]}, {Objects[4]}, {Objects[5]}, {Objects[6]}, {Objects[7]}, {Objects[8]})
            """).ToListAsync(cancellationToken);
        var missing = Objects.Except(present, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return "missing: " + string.Join(", ", missing);
        }
        // The full-text tables open and answer (a damaged one fails here).
        await Db.Database.SqlQuery<long>($"""
            SELECT rowid AS "Value" FROM search_docs_fts WHERE search_docs_fts MATCH 'zzzz' LIMIT 1
            """).ToListAsync(cancellationToken);
        await Db.Database.SqlQuery<long>($"""
            SELECT rowid AS "Value" FROM search_names_fts WHERE search_names_fts MATCH 'zzzz' LIMIT 1
            """).ToListAsync(cancellationToken);
        return null;
    }

    public async Task<IReadOnlyList<NameHit>> MatchNamesAsync(IReadOnlyList<WordMatch> words, int limit, CancellationToken cancellationToken)
    {
        if (words.Count == 0)
        {
            return [];
        }
        var match = Expression(words);
        return await QueryCancellation.RunAsync(Db, ct => Db.Database.SqlQuery<NameHit>($"""
            SELECT n."Id", n."ConditionId", n."Kind", n."Folded"
            FROM search_names_fts CROSS JOIN "SearchNames" AS n ON n."Id" = search_names_fts.rowid
            WHERE search_names_fts MATCH {match}
            ORDER BY search_names_fts.rowid
            LIMIT {limit}
            """).ToListAsync(ct), cancellationToken);
    }

    public async Task<IReadOnlyList<VocabularyWord>> CandidateWordsAsync(string word, int limit, CancellationToken cancellationToken)
    {
        var low = word[..1];
        var high = ((char)(word[0] + 1)).ToString();
        int min = word.Length - 2, max = word.Length + 2;
        return await QueryCancellation.RunAsync(Db, ct => Db.Database.SqlQuery<VocabularyWord>($"""
            SELECT term AS "Word", doc AS "Docs" FROM search_names_vocab
            WHERE term >= {low} AND term < {high} AND length(term) BETWEEN {min} AND {max}
            LIMIT {limit}
            """).ToListAsync(ct), cancellationToken);
    }

    public async Task<(IReadOnlyList<DocumentHit> Hits, int Count)> MatchDocumentsAsync(
        SearchDocumentKind kind, IReadOnlyList<WordMatch> words, string? language, int skip, int take, int countCap, CancellationToken cancellationToken)
    {
        if (words.Count == 0)
        {
            return ([], 0);
        }
        // The kind is a rowid range (summaries from SearchIndexBase.SummaryIdBand), which FTS5 seeks to; the
        // language is checked on the joined row. Neither is a full-text term: their doclists span the community.
        var (low, high) = kind == SearchDocumentKind.Summary ? (SummaryIdBand, long.MaxValue) : (0L, SummaryIdBand - 1);
        var expression = Expression(words);
        try
        {
            return await MatchDocumentsAsync(expression, low, high, language, skip, take, countCap, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.Message.Contains("no such table: search_docs_fts", StringComparison.Ordinal))
        {
            // A full rebuild is under way (see BeforeFullDocumentRebuildAsync): names still answer, documents after it.
            return ([], 0);
        }
    }

    private async Task<(IReadOnlyList<DocumentHit> Hits, int Count)> MatchDocumentsAsync(
        string expression, long low, long high, string? language, int skip, int take, int countCap, CancellationToken cancellationToken)
    {
        var hits = await QueryCancellation.RunAsync(Db, ct => Db.Database.SqlQuery<DocumentHit>($"""
            SELECT d."Id", d."SourceId", d."ConditionId", d."QuestionId", d."Language", d."Text"
            FROM search_docs_fts CROSS JOIN "SearchDocuments" AS d ON d."Id" = search_docs_fts.rowid
            WHERE search_docs_fts MATCH {expression} AND search_docs_fts.rowid BETWEEN {low} AND {high}
              AND ({language} IS NULL OR d."Language" = {language})
            ORDER BY search_docs_fts.rowid DESC
            LIMIT {take} OFFSET {skip}
            """).ToListAsync(ct), cancellationToken);
        var count = await QueryCancellation.RunAsync(Db, ct => Db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM (
              SELECT 1 FROM search_docs_fts CROSS JOIN "SearchDocuments" AS d ON d."Id" = search_docs_fts.rowid
              WHERE search_docs_fts MATCH {expression} AND search_docs_fts.rowid BETWEEN {low} AND {high}
                AND ({language} IS NULL OR d."Language" = {language})
              LIMIT {countCap})
            """).SingleAsync(ct), cancellationToken);
        return (hits, count);
    }

    /// <summary>("hemif"* OR ...) AND (...): every token is [a-z0-9] and quoted, so nothing typed is FTS5 syntax.</summary>
    private static string Expression(IReadOnlyList<WordMatch> words) =>
        string.Join(" AND ", words.Select(w => "(" + string.Join(" OR ", w.Forms.Select((f, i) => $"\"{f}\"" + (w.Prefix && i == 0 ? "*" : ""))) + ")"));
}
