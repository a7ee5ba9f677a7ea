using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StoredAbbreviationAndSummaryFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HasPublishedSummary",
                table: "Questions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Abbreviation",
                table: "Conditions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            // Existing rows get what ConditionAbbreviations and QuestionStatistics keep from now on.
            migrationBuilder.Sql("""
                UPDATE "Conditions" SET "Abbreviation" = (
                    SELECT n."Text" FROM "ConditionNames" n
                    WHERE n."ConditionId" = "Conditions"."Id" AND n."Kind" = 1
                    ORDER BY CASE WHEN n."Source" = 'starter' THEN 0 ELSE 1 END, n."Id"
                    LIMIT 1);
                UPDATE "Questions" SET "HasPublishedSummary" = EXISTS (
                    SELECT 1 FROM "Summaries" s JOIN "SummaryRevisions" r ON r."SummaryId" = s."Id"
                    WHERE s."QuestionId" = "Questions"."Id" AND r."Status" = 3);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HasPublishedSummary",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "Abbreviation",
                table: "Conditions");
        }
    }
}
