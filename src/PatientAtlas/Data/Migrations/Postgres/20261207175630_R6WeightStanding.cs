using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatientAtlas.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class R6WeightStanding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HelpfulVotes_MemberId",
                table: "HelpfulVotes");

            migrationBuilder.AddColumn<string>(
                name: "HoldReasons",
                table: "Organisations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingDescription",
                table: "Organisations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingName",
                table: "Organisations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingWebsite",
                table: "Organisations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Published",
                table: "Organisations",
                type: "boolean",
                nullable: false,
                defaultValue: true);  // rows from before: public, counted

            migrationBuilder.AddColumn<int>(
                name: "Review",
                table: "Organisations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SubmittedAt",
                table: "Organisations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "Organisations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Counted",
                table: "HelpfulVotes",
                type: "boolean",
                nullable: false,
                defaultValue: true);  // rows from before: public, counted

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Review_SubmittedAt",
                table: "Organisations",
                columns: new[] { "Review", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HelpfulVotes_MemberId_Counted",
                table: "HelpfulVotes",
                columns: new[] { "MemberId", "Counted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_Review_SubmittedAt",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_HelpfulVotes_MemberId_Counted",
                table: "HelpfulVotes");

            migrationBuilder.DropColumn(
                name: "HoldReasons",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "PendingDescription",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "PendingName",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "PendingWebsite",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Published",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Review",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Urgent",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Counted",
                table: "HelpfulVotes");

            migrationBuilder.CreateIndex(
                name: "IX_HelpfulVotes_MemberId",
                table: "HelpfulVotes",
                column: "MemberId");
        }
    }
}
