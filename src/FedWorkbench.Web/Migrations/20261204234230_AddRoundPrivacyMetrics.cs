using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedWorkbench.Web.Migrations
{
    /// <inheritdoc />
    public partial class AddRoundPrivacyMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "ClipNorm",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ClippedFraction",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Epsilon",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "EpsilonUnbounded",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "MaskedUpdateJson",
                table: "Rounds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SecureAggregationBytes",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<double>(
                name: "SecureAggregationSeconds",
                table: "Rounds",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClipNorm",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ClippedFraction",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "Epsilon",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "EpsilonUnbounded",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "MaskedUpdateJson",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "SecureAggregationBytes",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "SecureAggregationSeconds",
                table: "Rounds");
        }
    }
}
