using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropObservationAreaIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_observations_area_code",
                table: "observations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_observations_area_code",
                table: "observations",
                column: "area_code");
        }
    }
}
