using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class R6DoorsSignInFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInFailures",
                columns: table => new
                {
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    Network = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInFailures", x => new { x.MemberId, x.Network });
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignInFailures_LastFailureAt",
                table: "SignInFailures",
                column: "LastFailureAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInFailures");
        }
    }
}
