using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QuestionStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExperienceCount",
                table: "Questions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LatestExperienceAt",
                table: "Questions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "QuestionTried",
                columns: table => new
                {
                    QuestionId = table.Column<int>(type: "integer", nullable: false),
                    InterventionKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Intervention = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false),
                    Helped = table.Column<int>(type: "integer", nullable: false),
                    NoChange = table.Column<int>(type: "integer", nullable: false),
                    Worse = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionTried", x => new { x.QuestionId, x.InterventionKey });
                    table.ForeignKey(
                        name: "FK_QuestionTried_Questions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "Questions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_QuestionTried_QuestionId_People",
                table: "QuestionTried",
                columns: new[] { "QuestionId", "People" });

            // Existing communities get their counts now; from here on every write keeps them (QuestionStatistics).
            migrationBuilder.Sql("""
                UPDATE "Questions" SET
                    "ExperienceCount" = (SELECT COUNT(*) FROM "Experiences" e WHERE e."QuestionId" = "Questions"."Id" AND e."Status" = 2),
                    "LatestExperienceAt" = (SELECT MAX(e."CreatedAt") FROM "Experiences" e WHERE e."QuestionId" = "Questions"."Id" AND e."Status" = 2);
                """);
            migrationBuilder.Sql("""
                INSERT INTO "QuestionTried" ("QuestionId", "InterventionKey", "Intervention", "People", "Helped", "NoChange", "Worse")
                SELECT e."QuestionId", t."InterventionKey", MIN(t."Intervention"),
                       COUNT(DISTINCT t."ExperienceId"),
                       COUNT(DISTINCT CASE WHEN t."Outcome" = 1 THEN t."ExperienceId" END),
                       COUNT(DISTINCT CASE WHEN t."Outcome" = 2 THEN t."ExperienceId" END),
                       COUNT(DISTINCT CASE WHEN t."Outcome" = 3 THEN t."ExperienceId" END)
                FROM "TriedEntries" t JOIN "Experiences" e ON e."Id" = t."ExperienceId"
                WHERE e."Status" = 2
                GROUP BY e."QuestionId", t."InterventionKey";
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QuestionTried");

            migrationBuilder.DropColumn(
                name: "ExperienceCount",
                table: "Questions");

            migrationBuilder.DropColumn(
                name: "LatestExperienceAt",
                table: "Questions");
        }
    }
}
