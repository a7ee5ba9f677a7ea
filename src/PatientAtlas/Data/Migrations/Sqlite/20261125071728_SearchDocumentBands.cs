using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    /// <summary>
    /// Summaries move to their own band of document ids (from 2^40), so a query reaches one kind by a rowid
    /// range; the full-text index keeps only the folded text. Matching on Kind and Language columns made every
    /// query walk doclists as long as the whole community (10-14 ms per query at a million experiences).
    /// Written out here rather than shared with the code, so the migration stays as it ran.
    /// </summary>
    public partial class SearchDocumentBands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS search_docs_ai;
                DROP TRIGGER IF EXISTS search_docs_ad;
                DROP TRIGGER IF EXISTS search_docs_au;
                DROP TABLE IF EXISTS search_docs_fts;
                UPDATE "SearchDocuments" SET "Id" = "Id" + 1099511627776 WHERE "Kind" = 1 AND "Id" < 1099511627776;
                CREATE VIRTUAL TABLE search_docs_fts USING fts5(Folded, content='SearchDocuments', content_rowid='Id', tokenize='unicode61', prefix='2 3');
                INSERT INTO search_docs_fts(search_docs_fts) VALUES ('rebuild');
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS search_docs_ai;
                DROP TRIGGER IF EXISTS search_docs_ad;
                DROP TRIGGER IF EXISTS search_docs_au;
                DROP TABLE IF EXISTS search_docs_fts;
                UPDATE "SearchDocuments" SET "Id" = "Id" - 1099511627776 WHERE "Id" >= 1099511627776;
                CREATE VIRTUAL TABLE search_docs_fts USING fts5(Kind, Language, Folded, content='SearchDocuments', content_rowid='Id', tokenize='unicode61', prefix='2 3');
                INSERT INTO search_docs_fts(search_docs_fts) VALUES ('rebuild');
                CREATE TRIGGER search_docs_ai AFTER INSERT ON "SearchDocuments" BEGIN
                  INSERT INTO search_docs_fts(rowid, Kind, Language, Folded) VALUES (new."Id", new."Kind", new."Language", new."Folded");
                END;
                CREATE TRIGGER search_docs_ad AFTER DELETE ON "SearchDocuments" BEGIN
                  INSERT INTO search_docs_fts(search_docs_fts, rowid, Kind, Language, Folded) VALUES ('delete', old."Id", old."Kind", old."Language", old."Folded");
                END;
                CREATE TRIGGER search_docs_au AFTER UPDATE ON "SearchDocuments" BEGIN
                  INSERT INTO search_docs_fts(search_docs_fts, rowid, Kind, Language, Folded) VALUES ('delete', old."Id", old."Kind", old."Language", old."Folded");
                  INSERT INTO search_docs_fts(rowid, Kind, Language, Folded) VALUES (new."Id", new."Kind", new."Language", new."Folded");
                END;
                """);
        }
    }
}
