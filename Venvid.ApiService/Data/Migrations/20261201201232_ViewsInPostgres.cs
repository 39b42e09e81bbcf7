using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Venvid.ApiService.Data.Migrations
{
    /// <inheritdoc />
    public partial class ViewsInPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "view_batches");

            migrationBuilder.DropColumn(
                name: "aborted_at",
                table: "uploads");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "aborted_at",
                table: "uploads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "view_batches",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_view_batches", x => x.id);
                });
        }
    }
}
