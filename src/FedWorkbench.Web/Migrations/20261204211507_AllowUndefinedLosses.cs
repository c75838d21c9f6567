using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedWorkbench.Web.Migrations
{
    /// <inheritdoc />
    public partial class AllowUndefinedLosses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite cannot drop NOT NULL from a column, so the table is rebuilt. EF Core's generated rebuild turns
            // foreign keys off between transactions and can be left half applied. No table references Rounds, so
            // dropping it with foreign keys on deletes nothing else, and the whole rebuild runs in one transaction.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Rounds" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Rounds" PRIMARY KEY AUTOINCREMENT,
                    "AggregatedClients" INTEGER NOT NULL,
                    "ElapsedSeconds" REAL NOT NULL,
                    "Round" INTEGER NOT NULL,
                    "RoundSeconds" REAL NOT NULL,
                    "RunId" TEXT NOT NULL,
                    "SampledClients" INTEGER NOT NULL,
                    "TestAccuracy" REAL NOT NULL,
                    "TestLoss" REAL NULL,
                    "TrainLoss" REAL NULL,
                    "TrainedSamples" INTEGER NOT NULL,
                    CONSTRAINT "FK_Rounds_Runs_RunId" FOREIGN KEY ("RunId") REFERENCES "Runs" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_Rounds" ("Id", "AggregatedClients", "ElapsedSeconds", "Round", "RoundSeconds", "RunId", "SampledClients", "TestAccuracy", "TestLoss", "TrainLoss", "TrainedSamples")
                SELECT "Id", "AggregatedClients", "ElapsedSeconds", "Round", "RoundSeconds", "RunId", "SampledClients", "TestAccuracy", "TestLoss", "TrainLoss", "TrainedSamples"
                FROM "Rounds";
                """);
            migrationBuilder.Sql("""DROP TABLE "Rounds";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_Rounds" RENAME TO "Rounds";""");
            migrationBuilder.CreateIndex(
                name: "IX_Rounds_RunId_Round",
                table: "Rounds",
                columns: new[] { "RunId", "Round" },
                unique: true);
        }

        /// <inheritdoc />
        /// <remarks>Reverting stores 0 for every undefined loss, because the old columns cannot hold null.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<double>(
                name: "TrainLoss",
                table: "Rounds",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "TestLoss",
                table: "Rounds",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);
        }
    }
}
