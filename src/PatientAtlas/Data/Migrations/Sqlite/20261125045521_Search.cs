using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    ConditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Folded = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchNames",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ConditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Folded = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchNames", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_ConditionId",
                table: "SearchDocuments",
                column: "ConditionId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_Kind_SourceId",
                table: "SearchDocuments",
                columns: new[] { "Kind", "SourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchNames_ConditionId",
                table: "SearchNames",
                column: "ConditionId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchNames_Folded",
                table: "SearchNames",
                column: "Folded");

            // FTS5 over the two tables (external content: the text lives once, in the tables), kept in step by
            // triggers, and the vocabulary of the names for typo candidates.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE search_names_fts USING fts5(Folded, content='SearchNames', content_rowid='Id', tokenize='unicode61', prefix='2 3');
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE search_names_vocab USING fts5vocab(search_names_fts, row);
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_names_ai AFTER INSERT ON "SearchNames" BEGIN
                  INSERT INTO search_names_fts(rowid, Folded) VALUES (new."Id", new."Folded");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_names_ad AFTER DELETE ON "SearchNames" BEGIN
                  INSERT INTO search_names_fts(search_names_fts, rowid, Folded) VALUES ('delete', old."Id", old."Folded");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_names_au AFTER UPDATE ON "SearchNames" BEGIN
                  INSERT INTO search_names_fts(search_names_fts, rowid, Folded) VALUES ('delete', old."Id", old."Folded");
                  INSERT INTO search_names_fts(rowid, Folded) VALUES (new."Id", new."Folded");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE search_docs_fts USING fts5(Kind, Language, Folded, content='SearchDocuments', content_rowid='Id', tokenize='unicode61', prefix='2 3');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_docs_ai AFTER INSERT ON "SearchDocuments" BEGIN
                  INSERT INTO search_docs_fts(rowid, Kind, Language, Folded) VALUES (new."Id", new."Kind", new."Language", new."Folded");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_docs_ad AFTER DELETE ON "SearchDocuments" BEGIN
                  INSERT INTO search_docs_fts(search_docs_fts, rowid, Kind, Language, Folded) VALUES ('delete', old."Id", old."Kind", old."Language", old."Folded");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER search_docs_au AFTER UPDATE ON "SearchDocuments" BEGIN
                  INSERT INTO search_docs_fts(search_docs_fts, rowid, Kind, Language, Folded) VALUES ('delete', old."Id", old."Kind", old."Language", old."Folded");
                  INSERT INTO search_docs_fts(rowid, Kind, Language, Folded) VALUES (new."Id", new."Kind", new."Language", new."Folded");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_names_vocab;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_names_fts;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_docs_fts;");

            migrationBuilder.DropTable(
                name: "SearchDocuments");

            migrationBuilder.DropTable(
                name: "SearchNames");
        }
    }
}
