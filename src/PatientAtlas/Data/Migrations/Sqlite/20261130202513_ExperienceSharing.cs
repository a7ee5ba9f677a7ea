using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExperienceSharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ExperienceEdits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExperienceId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: true),
                    PreviousText = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PreviousRelation = table.Column<int>(type: "INTEGER", nullable: false),
                    PreviousTried = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    PreviousHoldReasons = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PreviousStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    EditedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExperienceEdits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExperienceEdits_Experiences_ExperienceId",
                        column: x => x.ExperienceId,
                        principalTable: "Experiences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExperienceEdits_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "HelpfulVotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExperienceId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelpfulVotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HelpfulVotes_Experiences_ExperienceId",
                        column: x => x.ExperienceId,
                        principalTable: "Experiences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HelpfulVotes_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExperienceEdits_ExperienceId_EditedAt",
                table: "ExperienceEdits",
                columns: new[] { "ExperienceId", "EditedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ExperienceEdits_MemberId",
                table: "ExperienceEdits",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_HelpfulVotes_ExperienceId_MemberId",
                table: "HelpfulVotes",
                columns: new[] { "ExperienceId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HelpfulVotes_MemberId",
                table: "HelpfulVotes",
                column: "MemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExperienceEdits");

            migrationBuilder.DropTable(
                name: "HelpfulVotes");
        }
    }
}
