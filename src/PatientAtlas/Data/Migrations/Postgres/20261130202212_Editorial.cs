using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
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
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RestoredFromId",
                table: "SummaryRevisions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "SummaryRevisions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "SummaryRevisions",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AlterColumn<string>(
                name: "Bio",
                table: "Reviewers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MemberId",
                table: "Reviewers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationNumber",
                table: "Reviewers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Specialty",
                table: "Reviewers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AccessedOn",
                table: "Citations",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReviewComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SummaryRevisionId = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Section = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    SummaryRevisionId = table.Column<int>(type: "integer", nullable: false),
                    MemberId = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.AlterColumn<string>(
                name: "Bio",
                table: "Reviewers",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2000)",
                oldMaxLength: 2000,
                oldNullable: true);
        }
    }
}
