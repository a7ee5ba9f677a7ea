using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
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
                    MemberId = table.Column<int>(type: "integer", nullable: false),
                    Network = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
