using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class TargetsAndCommentary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "commentaries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    indicator_id = table.Column<int>(type: "integer", nullable: false),
                    area_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    period_label = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    period_sort_key = table.Column<int>(type: "integer", nullable: false),
                    markdown = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    written_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commentaries", x => x.id);
                    table.ForeignKey(
                        name: "fk_commentaries_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_commentaries_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    indicator_id = table.Column<int>(type: "integer", nullable: false),
                    area_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    time_period = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    time_identifier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_label = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    period_sort_key = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: false),
                    tolerance = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    set_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_targets", x => x.id);
                    table.CheckConstraint("ck_target_tolerance", "tolerance >= 0");
                    table.ForeignKey(
                        name: "fk_targets_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_targets_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_commentaries_area_code",
                table: "commentaries",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_commentaries_indicator_id_area_code_period_sort_key",
                table: "commentaries",
                columns: new[] { "indicator_id", "area_code", "period_sort_key" });

            migrationBuilder.CreateIndex(
                name: "ix_targets_area_code",
                table: "targets",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_targets_indicator_id_area_code_period_sort_key_period_label~",
                table: "targets",
                columns: new[] { "indicator_id", "area_code", "period_sort_key", "period_label", "kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commentaries");

            migrationBuilder.DropTable(
                name: "targets");
        }
    }
}
