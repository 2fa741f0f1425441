using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Validated rows of an upload wait here between preview and commit. Unlogged: it is rebuilt by
            // re-uploading, so it need not cost WAL; committing copies rows into observations in one statement.
            migrationBuilder.Sql("""
                create unlogged table observation_staging (
                    import_id bigint not null,
                    line bigint not null,
                    indicator_id integer not null,
                    area_code varchar(9) not null,
                    time_period varchar(6) not null,
                    time_identifier varchar(40) not null,
                    period_start date not null,
                    period_end date not null,
                    period_label varchar(60) not null,
                    period_sort_key integer not null,
                    breakdown_key text not null,
                    value numeric(28,10),
                    symbol varchar(8),
                    numerator numeric(28,10),
                    denominator numeric(28,10));
                create index ix_observation_staging_import on observation_staging (import_id);
                """);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "committed_at",
                table: "imports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "committed_by",
                table: "imports",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "error_count",
                table: "imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "observation_count",
                table: "imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "problem",
                table: "imports",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    before = table.Column<string>(type: "text", nullable: true),
                    after = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dataset_columns",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    label = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    indicator_id = table.Column<int>(type: "integer", nullable: true),
                    numerator_column = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    denominator_column = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    min_value = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: true),
                    max_value = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: true),
                    filter_hint = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataset_columns", x => x.id);
                    table.ForeignKey(
                        name: "fk_dataset_columns_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_dataset_columns_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "import_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    import_id = table.Column<long>(type: "bigint", nullable: false),
                    row = table.Column<long>(type: "bigint", nullable: false),
                    column = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    message = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_errors", x => x.id);
                    table.ForeignKey(
                        name: "fk_import_errors_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_at",
                table: "audit_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_dataset_columns_dataset_id_name",
                table: "dataset_columns",
                columns: new[] { "dataset_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_dataset_columns_indicator_id",
                table: "dataset_columns",
                column: "indicator_id");

            migrationBuilder.CreateIndex(
                name: "ix_import_errors_import_id_row",
                table: "import_errors",
                columns: new[] { "import_id", "row" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("drop table observation_staging;");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "dataset_columns");

            migrationBuilder.DropTable(
                name: "import_errors");

            migrationBuilder.DropColumn(
                name: "committed_at",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "committed_by",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "error_count",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "observation_count",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "problem",
                table: "imports");
        }
    }
}
