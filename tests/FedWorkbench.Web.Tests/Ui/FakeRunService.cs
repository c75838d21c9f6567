using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>An in-memory <see cref="IRunService"/> over hand-made runs, for the UI state classes.</summary>
internal sealed class FakeRunService : IRunService
{
    private readonly Dictionary<Guid, RunDetails> _runs = [];

    /// <summary>Ids passed to <see cref="GetAsync"/>, in call order.</summary>
    public List<Guid> Requested { get; } = [];

    /// <summary>Stores a run with <paramref name="rounds"/> rounds of made-up metrics and returns its details.</summary>
    public RunDetails Add(string name, ExperimentConfig config, RunStatus status = RunStatus.Completed, int rounds = 3, int totalRounds = 3)
    {
        var id = Guid.NewGuid();
        RoundMetrics[] metrics = [.. Enumerable.Range(1, rounds).Select(round => Round(round, 0.1 * round))];
        var summary = new RunSummary(id, name, status, DateTimeOffset.UnixEpoch, null, null, rounds, totalRounds, null, null, null);
        var details = new RunDetails(summary, config, metrics);
        _runs[id] = details;
        return details;
    }

    /// <summary>Returns round metrics with the given accuracy and a test loss of 1 − accuracy.</summary>
    public static RoundMetrics Round(int round, double accuracy) =>
        new(round, accuracy, 1 - accuracy, 0.5, SampledClients: 5, AggregatedClients: 5, TrainedSamples: 100, RoundSeconds: 0.1, ElapsedSeconds: round * 0.1);

    public Task<Guid> LaunchAsync(ExperimentConfig config, FedWorkbench.Web.Boards.RunOrigin? origin = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The UI state tests do not launch runs.");

    public Task<Guid> LaunchAsync(
        ExperimentConfig config, FedWorkbench.Web.Boards.RunOrigin? origin, IReadOnlyList<FedWorkbench.Data.Baselines.BaselineKind> baselines, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The UI state tests do not launch runs.");

    public Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RunSummary>>([.. _runs.Values.Select(run => run.Summary).Where(summary => !summary.LaunchedInRoom)]);

    public Task<IReadOnlyList<RunSummary>> ListRoomRunsAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The UI state tests do not use rooms.");

    public Task<RunDetails?> GetAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        Requested.Add(runId);
        return Task.FromResult(_runs.GetValueOrDefault(runId));
    }

    public Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task<RunSummary> ResumeAsync(Guid runId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The UI state tests do not resume runs.");
}
