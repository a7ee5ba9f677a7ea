using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChangeNoteQuestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "QuestionId",
                table: "ContentChanges",
                type: "INTEGER",
                nullable: true);

            // Search documents take their sources' ids (an experience's id, 2^40 + a summary's id), so the write path can
            // index one source without numbering it: renumber in two passes, through negative ids, so no two rows collide.
            migrationBuilder.Sql("""
                UPDATE "SearchDocuments" SET "Id" = -"Id" - 1;
                UPDATE "SearchDocuments" SET "Id" = CASE WHEN "Kind" = 1 THEN 1099511627776 + "SourceId" ELSE "SourceId" END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QuestionId",
                table: "ContentChanges");
        }
    }
}
