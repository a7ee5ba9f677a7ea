using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MemberId",
                table: "Experiences",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MemberConsents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MemberId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    GivenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberConsents_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MemberRelations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MemberId = table.Column<int>(type: "integer", nullable: false),
                    ConditionId = table.Column<int>(type: "integer", nullable: false),
                    Relation = table.Column<int>(type: "integer", nullable: false),
                    ShowOnProfile = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberRelations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberRelations_Conditions_ConditionId",
                        column: x => x.ConditionId,
                        principalTable: "Conditions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MemberRelations_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Experiences_MemberId",
                table: "Experiences",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberConsents_MemberId_Version",
                table: "MemberConsents",
                columns: new[] { "MemberId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberRelations_ConditionId",
                table: "MemberRelations",
                column: "ConditionId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberRelations_MemberId_ConditionId",
                table: "MemberRelations",
                columns: new[] { "MemberId", "ConditionId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Experiences_Members_MemberId",
                table: "Experiences",
                column: "MemberId",
                principalTable: "Members",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Experiences_Members_MemberId",
                table: "Experiences");

            migrationBuilder.DropTable(
                name: "MemberConsents");

            migrationBuilder.DropTable(
                name: "MemberRelations");

            migrationBuilder.DropIndex(
                name: "IX_Experiences_MemberId",
                table: "Experiences");

            migrationBuilder.DropColumn(
                name: "MemberId",
                table: "Experiences");
        }
    }
}
