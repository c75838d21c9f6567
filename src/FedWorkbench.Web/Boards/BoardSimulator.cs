using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Boards;

/// <summary>The <see cref="IBoardSimulator"/> of the web app: compiles the server-side board and queues a run.</summary>
public sealed class BoardSimulator(
    BoardService boards,
    BoardTableCheck tableCheck,
    IRunService runs,
    IHubContext<BoardHub, IBoardHubClient> hub,
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    ILogger<BoardSimulator> logger) : IBoardSimulator
{
    /// <summary>Base of the run name when the board's name is empty after white space is collapsed.</summary>
    public const string UnnamedBoardRunName = "Board";

    /// <summary>Name shown as the launcher when none is given.</summary>
    public const string AnonymousLauncher = "Someone";

    /// <inheritdoc />
    /// <remarks>
    /// Throws <see cref="BoardException"/> when the board is not in the room, the launcher's name is invalid, or
    /// the run queue is full.
    /// </remarks>
    public async Task<SimulateResult> SimulateAsync(Guid roomId, Guid boardId, string launchedBy, CancellationToken cancellationToken = default)
    {
        string launcher = CheckLauncher(launchedBy);
        BoardSnapshot snapshot = await GetSnapshotAsync(roomId, boardId, cancellationToken);

        BoardCompilation compilation = await CompileAsync(snapshot, cancellationToken);
        if (compilation.Problems.Count > 0 || compilation.Config is null)
        {
            string first = compilation.Problems.FirstOrDefault()?.Message ?? "the compiler returned no experiment";
            BoardLog.SimulateRefused(logger, boardId, roomId, compilation.Problems.Count, first);
            return new SimulateResult(null, compilation.Problems);
        }

        // Runs of one board would otherwise share its name, so the name also counts the board's runs.
        int runNumber = await CountBoardRunsAsync(boardId, cancellationToken) + 1;
        ExperimentConfig config = compilation.Config with { Name = NumberedRunName(compilation.Config.Name, runNumber) };
        Guid runId;
        try
        {
            runId = await runs.LaunchAsync(config, new RunOrigin(roomId, boardId, launcher), cancellationToken);
        }
        catch (ExperimentException ex)
        {
            // The compiler validated the experiment, so the remaining reasons are a full queue and the instance
            // limits. The inner exception keeps a limit's status for the API.
            BoardLog.SimulateRefused(logger, boardId, roomId, 1, ex.Message);
            throw new BoardException(ex.Message, ex);
        }

        BoardLog.SimulateLaunched(logger, boardId, roomId, runId);
        try
        {
            await hub.Clients.Group(BoardHub.RoomGroup(roomId)).RunLaunched(new RoomRunNotice(runId, boardId, config.Name, launcher));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            BoardLog.BroadcastFailed(logger, ex, nameof(IBoardHubClient.RunLaunched), BoardHub.RoomGroup(roomId));
        }

        return new SimulateResult(runId, []);
    }

    /// <summary>
    /// Returns "<paramref name="boardRunName"/> #<paramref name="runNumber"/>", with the base name cut so that the
    /// whole name fits <see cref="ExperimentLimits.MaxNameLength"/>.
    /// </summary>
    public static string NumberedRunName(string? boardRunName, int runNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runNumber, 1);

        string suffix = $" #{runNumber}";
        string name = string.IsNullOrWhiteSpace(boardRunName) ? UnnamedBoardRunName : boardRunName.Trim();
        int maxBaseLength = ExperimentLimits.MaxNameLength - suffix.Length;
        if (name.Length > maxBaseLength)
        {
            name = name[..maxBaseLength].TrimEnd();
        }

        return name + suffix;
    }

    // NOTE: two Simulates of one board at the same moment can both count the same runs and get the same number,
    // because the count and the launch are separate transactions.
    private async Task<int> CountBoardRunsAsync(Guid boardId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Runs.CountAsync(r => r.BoardId == boardId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BoardProblem>> CheckAsync(Guid roomId, Guid boardId, CancellationToken cancellationToken = default)
    {
        BoardSnapshot snapshot = await GetSnapshotAsync(roomId, boardId, cancellationToken);
        return (await CompileAsync(snapshot, cancellationToken)).Problems;
    }

    /// <summary>Compiles the board and, when it trains on a CSV table, checks the table against the stored file.</summary>
    private async Task<BoardCompilation> CompileAsync(BoardSnapshot snapshot, CancellationToken cancellationToken)
    {
        BoardCompilation compilation = BoardCompiler.Compile(snapshot.Name, snapshot.Elements);
        if (compilation.Config is not { } config)
        {
            return compilation;
        }

        IReadOnlyList<BoardProblem> tableProblems = await tableCheck.CheckAsync(config, snapshot.Elements, cancellationToken);
        return tableProblems.Count == 0 ? compilation : new BoardCompilation(null, tableProblems);
    }

    /// <summary>
    /// Returns the trimmed launcher name, <see cref="AnonymousLauncher"/> for an empty one, or throws
    /// <see cref="BoardException"/> for one over 40 characters or with control characters.
    /// </summary>
    public static string CheckLauncher(string? launchedBy)
    {
        string name = launchedBy?.Trim() ?? "";
        if (name.Length == 0)
        {
            return AnonymousLauncher;
        }

        if (name.Length > BoardLimits.MaxDisplayNameLength)
        {
            throw new BoardException(
                $"The launcher's name must be 1 to {BoardLimits.MaxDisplayNameLength} visible characters; it has {name.Length} characters.");
        }

        if (ExperimentValidator.IndexOfHiddenCharacter(name) is int hidden and >= 0)
        {
            throw new BoardException(
                $"The launcher's name contains the invisible character U+{(int)name[hidden]:X4} at position {hidden + 1}; use visible characters only.");
        }

        return name;
    }

    private async Task<BoardSnapshot> GetSnapshotAsync(Guid roomId, Guid boardId, CancellationToken cancellationToken)
    {
        if (await boards.FindRoomOfBoardAsync(boardId, cancellationToken) != roomId
            || await boards.GetSnapshotAsync(boardId, cancellationToken) is not { } snapshot)
        {
            throw new BoardException($"Board {boardId} is not in this room. Pick a board from the room's board list.");
        }

        return snapshot;
    }
}
