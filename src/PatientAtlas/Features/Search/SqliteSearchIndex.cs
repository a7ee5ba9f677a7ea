using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Search;

/// <summary>
/// SQLite: FTS5 external-content tables over SearchNames and SearchDocuments, kept in step by triggers, and an
/// fts5vocab table over the names for typo candidates (see the Search migration).
/// </summary>
public sealed class SqliteSearchIndex(AtlasDb db) : SearchIndexBase(db), ISearchIndex
{
    // The same statements as the SearchDocumentBands migration (which stays frozen as written).
    private const string CreateDocumentsIndex = """
        CREATE VIRTUAL TABLE search_docs_fts USING fts5(Folded, content='SearchDocuments', content_rowid='Id', tokenize='unicode61', prefix='2 3');
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

    /// <summary>
    /// A full rebuild drops the FTS5 table and its triggers, writes the documents bare, then creates the table
    /// afresh and fills it with one 'rebuild' pass. Measured on a million experiences: row-by-row trigger
    /// indexing into the long-lived table slowed with every batch (1.2 s per 50,000 rows at first, 7.7 s by
    /// 300,000, over ten minutes in all), and a 'rebuild' of that same table took 31 s for 300,000 rows where
    /// a freshly created one took 7 s. Until the last transaction commits, document search finds nothing (names still answer).
    /// </summary>
    protected override async Task BeforeFullDocumentRebuildAsync(CancellationToken cancellationToken) =>
        await Db.Database.ExecuteSqlRawAsync("""
            DROP TRIGGER IF EXISTS search_docs_ai;
            DROP TRIGGER IF EXISTS search_docs_ad;
            DROP TRIGGER IF EXISTS search_docs_au;
            DROP TABLE IF EXISTS search_docs_fts;
            """, cancellationToken);

    protected override async Task AfterFullDocumentRebuildAsync(CancellationToken cancellationToken)
    {
        await Db.Database.ExecuteSqlRawAsync(CreateDocumentsIndex, cancellationToken);
        await Db.Database.ExecuteSqlRawAsync("INSERT INTO search_docs_fts(search_docs_fts) VALUES ('rebuild')", cancellationToken);
        await Db.Database.ExecuteSqlRawAsync(CreateDocumentTriggers, cancellationToken);
    }

    public async Task<IReadOnlyList<NameHit>> MatchNamesAsync(IReadOnlyList<WordMatch> words, int limit, CancellationToken cancellationToken)
    {
        if (words.Count == 0)
        {
            return [];
        }
        var match = Expression(words);
        return await Db.Database.SqlQuery<NameHit>($"""
            SELECT n."Id", n."ConditionId", n."Kind", n."Folded"
            FROM search_names_fts JOIN "SearchNames" AS n ON n."Id" = search_names_fts.rowid
            WHERE search_names_fts MATCH {match}
            ORDER BY search_names_fts.rowid
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VocabularyWord>> CandidateWordsAsync(string word, int limit, CancellationToken cancellationToken)
    {
        var low = word[..1];
        var high = ((char)(word[0] + 1)).ToString();
        int min = word.Length - 2, max = word.Length + 2;
        return await Db.Database.SqlQuery<VocabularyWord>($"""
            SELECT term AS "Word", doc AS "Docs" FROM search_names_vocab
            WHERE term >= {low} AND term < {high} AND length(term) BETWEEN {min} AND {max}
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
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
        var hits = await Db.Database.SqlQuery<DocumentHit>($"""
            SELECT d."Id", d."SourceId", d."ConditionId", d."QuestionId", d."Language", d."Text"
            FROM search_docs_fts JOIN "SearchDocuments" AS d ON d."Id" = search_docs_fts.rowid
            WHERE search_docs_fts MATCH {expression} AND search_docs_fts.rowid BETWEEN {low} AND {high}
              AND ({language} IS NULL OR d."Language" = {language})
            ORDER BY search_docs_fts.rowid DESC
            LIMIT {take} OFFSET {skip}
            """).ToListAsync(cancellationToken);
        var count = await Db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM (
              SELECT 1 FROM search_docs_fts JOIN "SearchDocuments" AS d ON d."Id" = search_docs_fts.rowid
              WHERE search_docs_fts MATCH {expression} AND search_docs_fts.rowid BETWEEN {low} AND {high}
                AND ({language} IS NULL OR d."Language" = {language})
              LIMIT {countCap})
            """).SingleAsync(cancellationToken);
        return (hits, count);
    }

    /// <summary>("hemif"* OR ...) AND (...): every token is [a-z0-9] and quoted, so nothing typed is FTS5 syntax.</summary>
    private static string Expression(IReadOnlyList<WordMatch> words) =>
        string.Join(" AND ", words.Select(w => "(" + string.Join(" OR ", w.Forms.Select((f, i) => $"\"{f}\"" + (w.Prefix && i == 0 ? "*" : ""))) + ")"));
}
