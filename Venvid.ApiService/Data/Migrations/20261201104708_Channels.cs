using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Venvid.ApiService.Data.Migrations
{
    /// <inheritdoc />
    public partial class Channels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "subscriber_count",
                table: "users",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    subscriber_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscriptions", x => new { x.subscriber_id, x.channel_id });
                    table.CheckConstraint("ck_subscriptions_not_self", "subscriber_id <> channel_id");
                    table.ForeignKey(
                        name: "fk_subscriptions_users_channel_id",
                        column: x => x.channel_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_subscriptions_users_subscriber_id",
                        column: x => x.subscriber_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_videos_channel",
                table: "videos",
                columns: new[] { "owner_id", "published_at", "id" },
                descending: new[] { false, true, true },
                filter: "status = 'ready' AND visibility = 'public' AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_channel_id",
                table: "subscriptions",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_subscriber_id_created_at_channel_id",
                table: "subscriptions",
                columns: new[] { "subscriber_id", "created_at", "channel_id" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_videos_channel",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "subscriber_count",
                table: "users");
        }
    }
}
