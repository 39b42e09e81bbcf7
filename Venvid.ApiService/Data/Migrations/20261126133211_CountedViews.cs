using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Venvid.ApiService.Data.Migrations
{
    /// <inheritdoc />
    public partial class CountedViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "counted_views",
                columns: table => new
                {
                    video_id = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    viewer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    counted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counted_views", x => new { x.video_id, x.viewer });
                });

            migrationBuilder.CreateIndex(
                name: "ix_counted_views_counted_at",
                table: "counted_views",
                column: "counted_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "counted_views");
        }
    }
}
