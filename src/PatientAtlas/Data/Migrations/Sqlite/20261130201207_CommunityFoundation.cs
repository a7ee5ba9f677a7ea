using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommunityFoundation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Experiences_MemberId",
                table: "Experiences");

            migrationBuilder.AddColumn<DateTime>(
                name: "SuspendedUntil",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WasSuspended",
                table: "Members",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "FlagWeight",
                table: "Experiences",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "HoldReasons",
                table: "Experiences",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "Experiences",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "Experiences",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ExperienceFlags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExperienceId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExperienceFlags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExperienceFlags_Experiences_ExperienceId",
                        column: x => x.ExperienceId,
                        principalTable: "Experiences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExperienceFlags_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Experiences_MemberId_Status",
                table: "Experiences",
                columns: new[] { "MemberId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ExperienceFlags_ExperienceId_MemberId",
                table: "ExperienceFlags",
                columns: new[] { "ExperienceId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExperienceFlags_MemberId",
                table: "ExperienceFlags",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ExperienceFlags_ResolvedAt_CreatedAt",
                table: "ExperienceFlags",
                columns: new[] { "ResolvedAt", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExperienceFlags");

            migrationBuilder.DropIndex(
                name: "IX_Experiences_MemberId_Status",
                table: "Experiences");

            migrationBuilder.DropColumn(
                name: "SuspendedUntil",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "WasSuspended",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "FlagWeight",
                table: "Experiences");

            migrationBuilder.DropColumn(
                name: "HoldReasons",
                table: "Experiences");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Experiences");

            migrationBuilder.DropColumn(
                name: "Urgent",
                table: "Experiences");

            migrationBuilder.CreateIndex(
                name: "IX_Experiences_MemberId",
                table: "Experiences",
                column: "MemberId");
        }
    }
}
