using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogKindsAndNameLanguages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ConditionNames_ConditionId_Kind_Text",
                table: "ConditionNames");

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Conditions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "NeedsReview",
                table: "Conditions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SourceName",
                table: "Conditions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "ConditionNames",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "en");

            migrationBuilder.CreateIndex(
                name: "IX_ConditionNames_ConditionId_Kind_Language_Text",
                table: "ConditionNames",
                columns: new[] { "ConditionId", "Kind", "Language", "Text" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ConditionNames_ConditionId_Kind_Language_Text",
                table: "ConditionNames");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Conditions");

            migrationBuilder.DropColumn(
                name: "NeedsReview",
                table: "Conditions");

            migrationBuilder.DropColumn(
                name: "SourceName",
                table: "Conditions");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "ConditionNames");

            migrationBuilder.CreateIndex(
                name: "IX_ConditionNames_ConditionId_Kind_Text",
                table: "ConditionNames",
                columns: new[] { "ConditionId", "Kind", "Text" },
                unique: true);
        }
    }
}
