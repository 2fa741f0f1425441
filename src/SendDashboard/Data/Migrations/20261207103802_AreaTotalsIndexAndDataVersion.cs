using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AreaTotalsIndexAndDataVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_observations_area_totals",
                table: "observations",
                columns: new[] { "area_code", "indicator_id" },
                filter: "breakdown_key = ''");

            // The data version (Infrastructure/Caching/DataVersion.cs), made at start-up before this migration existed:
            // "if not exists", so a database that has it already keeps its number.
            migrationBuilder.Sql(Infrastructure.Caching.DataVersion.Schema);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("drop table if exists data_version; drop sequence if exists data_version_seq;");
            migrationBuilder.DropIndex(
                name: "ix_observations_area_totals",
                table: "observations");
        }
    }
}
