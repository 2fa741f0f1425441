using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AreaSuccessionsCategoriesPublisherSuppression : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_observation_value_or_symbol",
                table: "observations");

            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "observations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "publisher_suppressed",
                table: "datasets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string[]>(
                name: "other_names",
                table: "areas",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.CreateTable(
                name: "area_successions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    successor_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    predecessor_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_area_successions", x => x.id);
                    table.CheckConstraint("ck_area_succession_not_itself", "successor_code <> predecessor_code");
                    table.ForeignKey(
                        name: "fk_area_successions_areas_predecessor_code",
                        column: x => x.predecessor_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_area_successions_areas_successor_code",
                        column: x => x.successor_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_observation_value_or_symbol",
                table: "observations",
                sql: "value is not null or symbol is not null or category is not null");

            migrationBuilder.CreateIndex(
                name: "ix_area_successions_predecessor_code",
                table: "area_successions",
                column: "predecessor_code");

            migrationBuilder.CreateIndex(
                name: "ix_area_successions_successor_code_predecessor_code",
                table: "area_successions",
                columns: new[] { "successor_code", "predecessor_code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "area_successions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_observation_value_or_symbol",
                table: "observations");

            migrationBuilder.DropColumn(
                name: "category",
                table: "observations");

            migrationBuilder.DropColumn(
                name: "publisher_suppressed",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "other_names",
                table: "areas");

            migrationBuilder.AddCheckConstraint(
                name: "ck_observation_value_or_symbol",
                table: "observations",
                sql: "value is not null or symbol is not null");
        }
    }
}
