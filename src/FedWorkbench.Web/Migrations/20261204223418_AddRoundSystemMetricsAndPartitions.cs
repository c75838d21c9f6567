using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedWorkbench.Web.Migrations
{
    /// <inheritdoc />
    public partial class AddRoundSystemMetricsAndPartitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BytesDown",
                table: "Rounds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BytesUp",
                table: "Rounds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ClientAccuracyClients",
                table: "Rounds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ClientAccuracyMean",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ClientAccuracyStd",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ClientAccuracyWorst10",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DroppedClients",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "GlobalModelKeptReason",
                table: "Rounds",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaliciousClients",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RejectedClients",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ReportedClients",
                table: "Rounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "SimulatedSeconds",
                table: "Rounds",
                type: "REAL",
                nullable: true);

            // Rounds stored before this migration come from an engine without dropouts or over-selection, so
            // every sampled client reported and every sampled client not aggregated was rejected. Bytes and
            // simulated time were not recorded, so they stay null.
            migrationBuilder.Sql("UPDATE \"Rounds\" SET \"ReportedClients\" = \"SampledClients\", \"RejectedClients\" = \"SampledClients\" - \"AggregatedClients\";");

            migrationBuilder.CreateTable(
                name: "RunPartitions",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StatisticsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunPartitions", x => x.RunId);
                    table.ForeignKey(
                        name: "FK_RunPartitions_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunPartitions");

            migrationBuilder.DropColumn(
                name: "BytesDown",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "BytesUp",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ClientAccuracyClients",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ClientAccuracyMean",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ClientAccuracyStd",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ClientAccuracyWorst10",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "DroppedClients",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "GlobalModelKeptReason",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "MaliciousClients",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "RejectedClients",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "ReportedClients",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "SimulatedSeconds",
                table: "Rounds");
        }
    }
}
