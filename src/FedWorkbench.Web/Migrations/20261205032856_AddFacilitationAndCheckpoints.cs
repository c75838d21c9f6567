using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedWorkbench.Web.Migrations
{
    /// <inheritdoc />
    public partial class AddFacilitationAndCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AgendaJson",
                table: "Rooms",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "FacilitatorTokenHash",
                table: "Rooms",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PinnedRunId",
                table: "Rooms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TimerEndsAt",
                table: "Rooms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TimerPausedRemainingMilliseconds",
                table: "Rooms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TimerPhaseIndex",
                table: "Rooms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsLocked",
                table: "Boards",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LockedElementIdsJson",
                table: "Boards",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "RunCheckpoints",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompletedRounds = table.Column<int>(type: "INTEGER", nullable: false),
                    ElapsedSeconds = table.Column<double>(type: "REAL", nullable: false),
                    State = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunCheckpoints", x => x.RunId);
                    table.ForeignKey(
                        name: "FK_RunCheckpoints_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VoteRounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VotesPerPerson = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VoteRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VoteRounds_Boards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "Boards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VoteRounds_Rooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "Rooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Votes",
                columns: table => new
                {
                    VoteRoundId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VoterHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Votes", x => new { x.VoteRoundId, x.VoterHash, x.ElementId });
                    table.ForeignKey(
                        name: "FK_Votes_VoteRounds_VoteRoundId",
                        column: x => x.VoteRoundId,
                        principalTable: "VoteRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Rooms_LastActiveAt",
                table: "Rooms",
                column: "LastActiveAt");

            migrationBuilder.CreateIndex(
                name: "IX_VoteRounds_BoardId",
                table: "VoteRounds",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_VoteRounds_RoomId_StartedAt",
                table: "VoteRounds",
                columns: new[] { "RoomId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunCheckpoints");

            migrationBuilder.DropTable(
                name: "Votes");

            migrationBuilder.DropTable(
                name: "VoteRounds");

            migrationBuilder.DropIndex(
                name: "IX_Rooms_LastActiveAt",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "AgendaJson",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "FacilitatorTokenHash",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "PinnedRunId",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "TimerEndsAt",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "TimerPausedRemainingMilliseconds",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "TimerPhaseIndex",
                table: "Rooms");

            migrationBuilder.DropColumn(
                name: "IsLocked",
                table: "Boards");

            migrationBuilder.DropColumn(
                name: "LockedElementIdsJson",
                table: "Boards");
        }
    }
}
