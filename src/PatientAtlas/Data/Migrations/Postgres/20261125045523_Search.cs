using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SourceId = table.Column<long>(type: "bigint", nullable: false),
                    ConditionId = table.Column<int>(type: "integer", nullable: false),
                    QuestionId = table.Column<int>(type: "integer", nullable: false),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Folded = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchNames",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ConditionId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Folded = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C")
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

            // Full-text (tsvector GIN) over the folded names and documents, and a vocabulary of the name words with
            // a trigram GIN index for typo candidates. Folded text is already lower-case ASCII: 'simple' is enough.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""CREATE INDEX "IX_SearchNames_Fts" ON "SearchNames" USING GIN (to_tsvector('simple', "Folded"));""");
            migrationBuilder.Sql("""CREATE INDEX "IX_SearchDocuments_Fts" ON "SearchDocuments" USING GIN (to_tsvector('simple', "Folded"));""");
            migrationBuilder.Sql("""
                CREATE MATERIALIZED VIEW search_words AS
                SELECT word, count(*)::int AS docs
                FROM "SearchNames", unnest(string_to_array("Folded", ' ')) AS word
                WHERE word <> ''
                GROUP BY word;
                """);
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_search_words_word" ON search_words (word);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_search_words_trgm" ON search_words USING GIN (word gin_trgm_ops);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP MATERIALIZED VIEW IF EXISTS search_words;");

            migrationBuilder.DropTable(
                name: "SearchDocuments");

            migrationBuilder.DropTable(
                name: "SearchNames");
        }
    }
}
