using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
{
    /// <inheritdoc />
    /// <summary>Summaries move to their own band of document ids (from 2^40), as on SQLite, so both databases number documents alike.</summary>
    public partial class SearchDocumentBands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE "SearchDocuments" SET "Id" = "Id" + 1099511627776 WHERE "Kind" = 1 AND "Id" < 1099511627776;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE "SearchDocuments" SET "Id" = "Id" - 1099511627776 WHERE "Id" >= 1099511627776;""");
        }
    }
}
