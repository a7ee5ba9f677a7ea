using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Editorial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangeNote",
                table: "SummaryRevisions",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RestoredFromId",
                table: "SummaryRevisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "SummaryRevisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "SummaryRevisions",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "MemberId",
                table: "Reviewers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationNumber",
                table: "Reviewers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Specialty",
                table: "Reviewers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AccessedOn",
                table: "Citations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReviewComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SummaryRevisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewComments_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ReviewComments_SummaryRevisions_SummaryRevisionId",
                        column: x => x.SummaryRevisionId,
                        principalTable: "SummaryRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevisionContributors",
                columns: table => new
                {
                    SummaryRevisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisionContributors", x => new { x.SummaryRevisionId, x.MemberId });
                    table.ForeignKey(
                        name: "FK_RevisionContributors_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RevisionContributors_SummaryRevisions_SummaryRevisionId",
                        column: x => x.SummaryRevisionId,
                        principalTable: "SummaryRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reviewers_MemberId",
                table: "Reviewers",
                column: "MemberId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewComments_MemberId",
                table: "ReviewComments",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewComments_SummaryRevisionId",
                table: "ReviewComments",
                column: "SummaryRevisionId");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionContributors_MemberId",
                table: "RevisionContributors",
                column: "MemberId");

            migrationBuilder.AddForeignKey(
                name: "FK_Reviewers_Members_MemberId",
                table: "Reviewers",
                column: "MemberId",
                principalTable: "Members",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Reviewers_Members_MemberId",
                table: "Reviewers");

            migrationBuilder.DropTable(
                name: "ReviewComments");

            migrationBuilder.DropTable(
                name: "RevisionContributors");

            migrationBuilder.DropIndex(
                name: "IX_Reviewers_MemberId",
                table: "Reviewers");

            migrationBuilder.DropColumn(
                name: "ChangeNote",
                table: "SummaryRevisions");

            migrationBuilder.DropColumn(
                name: "RestoredFromId",
                table: "SummaryRevisions");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "SummaryRevisions");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "SummaryRevisions");

            migrationBuilder.DropColumn(
                name: "MemberId",
                table: "Reviewers");

            migrationBuilder.DropColumn(
                name: "RegistrationNumber",
                table: "Reviewers");

            migrationBuilder.DropColumn(
                name: "Specialty",
                table: "Reviewers");

            migrationBuilder.DropColumn(
                name: "AccessedOn",
                table: "Citations");
        }
    }
}
