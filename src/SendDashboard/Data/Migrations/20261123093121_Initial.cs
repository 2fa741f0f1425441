using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "areas",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    old_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    region_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    is_current = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_areas", x => x.code);
                    table.ForeignKey(
                        name: "fk_areas_areas_region_code",
                        column: x => x.region_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    is_published = table.Column<bool>(type: "boolean", nullable: false),
                    is_fictional = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_datasets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "indicators",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false),
                    unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    decimals = table.Column<int>(type: "integer", nullable: false),
                    polarity = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    outcome_area = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    numerator_key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    denominator_key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    source = table.Column<string>(type: "text", nullable: false),
                    is_published = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicators", x => x.id);
                    table.CheckConstraint("ck_indicator_decimals", "decimals between 0 and 6");
                });

            migrationBuilder.CreateTable(
                name: "seed_runs",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seed_runs", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "statistical_neighbours",
                columns: table => new
                {
                    area_code = table.Column<string>(type: "character varying(9)", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    neighbour_code = table.Column<string>(type: "character varying(9)", nullable: false),
                    closeness = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statistical_neighbours", x => new { x.area_code, x.rank });
                    table.CheckConstraint("ck_statistical_neighbour_rank", "rank between 1 and 10");
                    table.ForeignKey(
                        name: "fk_statistical_neighbours_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_statistical_neighbours_areas_neighbour_code",
                        column: x => x.neighbour_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    row_count = table.Column<int>(type: "integer", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    warnings = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_imports_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "observations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    import_id = table.Column<long>(type: "bigint", nullable: false),
                    indicator_id = table.Column<int>(type: "integer", nullable: false),
                    area_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    time_period = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    time_identifier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    period_label = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    period_sort_key = table.Column<int>(type: "integer", nullable: false),
                    breakdown_key = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: true),
                    symbol = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    numerator = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: true),
                    denominator = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_observations", x => x.id);
                    table.CheckConstraint("ck_observation_value_or_symbol", "value is not null or symbol is not null");
                    table.ForeignKey(
                        name: "fk_observations_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_observations_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_observations_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_areas_old_code",
                table: "areas",
                column: "old_code");

            migrationBuilder.CreateIndex(
                name: "ix_areas_region_code",
                table: "areas",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_datasets_key",
                table: "datasets",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_imports_dataset_id_version",
                table: "imports",
                columns: new[] { "dataset_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_imports_one_live_per_dataset",
                table: "imports",
                column: "dataset_id",
                unique: true,
                filter: "status = 'Committed'");

            migrationBuilder.CreateIndex(
                name: "ix_indicators_key",
                table: "indicators",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_observations_area_code",
                table: "observations",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_observations_import_id",
                table: "observations",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_observations_period",
                table: "observations",
                columns: new[] { "indicator_id", "period_sort_key", "breakdown_key", "area_code" });

            migrationBuilder.CreateIndex(
                name: "ix_observations_trend",
                table: "observations",
                columns: new[] { "indicator_id", "area_code", "breakdown_key", "period_sort_key" });

            migrationBuilder.CreateIndex(
                name: "ix_statistical_neighbours_area_code_neighbour_code",
                table: "statistical_neighbours",
                columns: new[] { "area_code", "neighbour_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_statistical_neighbours_neighbour_code",
                table: "statistical_neighbours",
                column: "neighbour_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "observations");

            migrationBuilder.DropTable(
                name: "seed_runs");

            migrationBuilder.DropTable(
                name: "statistical_neighbours");

            migrationBuilder.DropTable(
                name: "imports");

            migrationBuilder.DropTable(
                name: "indicators");

            migrationBuilder.DropTable(
                name: "areas");

            migrationBuilder.DropTable(
                name: "datasets");
        }
    }
}
