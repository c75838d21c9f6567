using System.Text.Json.Serialization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Runs;

/// <summary>Life cycle of a run.</summary>
public enum RunStatus
{
    /// <summary>Waiting in the queue for a free worker.</summary>
    Queued,

    /// <summary>Training rounds are being computed.</summary>
    Running,

    /// <summary>All rounds finished.</summary>
    Completed,

    /// <summary>Stopped by an error; <see cref="RunSummary.Error"/> contains the message.</summary>
    Failed,

    /// <summary>Stopped by a user.</summary>
    Cancelled,

    /// <summary>The process stopped while the run was queued or running; its stored rounds are kept.</summary>
    Interrupted,
}

/// <summary>One round's metrics as stored and as sent to every follower of a run.</summary>
/// <param name="TestLoss">
/// Mean cross-entropy of the global model on the test set, or null when the engine reported NaN or an infinity,
/// because neither JSON nor the database can store those.
/// </param>
/// <param name="TrainLoss">
/// Mean local training loss of the aggregated clients, weighted by sample count. Null when the round accepted no
/// update, so the mean is undefined, or when the mean is NaN or an infinity.
/// </param>
/// <param name="AggregatedClients">
/// Clients whose updates entered the aggregate. The engine rejected the other <see cref="RejectedClients"/>.
/// </param>
public sealed record RoundMetrics(
    int Round,
    double TestAccuracy,
    double? TestLoss,
    double? TrainLoss,
    int SampledClients,
    int AggregatedClients,
    long TrainedSamples,
    double RoundSeconds,
    double ElapsedSeconds)
{
    /// <summary>Sampled clients whose updates the engine rejected, for example for non-finite parameters.</summary>
    /// <remarks>Not serialized: clients compute it from <see cref="SampledClients"/> and <see cref="AggregatedClients"/>.</remarks>
    [JsonIgnore]
    public int RejectedClients => SampledClients - AggregatedClients;
}

/// <summary>A run as listed: status, progress and headline numbers.</summary>
/// <param name="QueuePosition">
/// 1 for the next run to start. Null when the run is not waiting, which includes a queued run that a worker
/// has taken and is starting.
/// </param>
/// <param name="Error">Message for the user when the run failed; null otherwise.</param>
public sealed record RunSummary(
    Guid Id,
    string Name,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int CompletedRounds,
    int TotalRounds,
    double? BestAccuracy,
    int? QueuePosition,
    string? Error);

/// <summary>A run with its configuration and every stored round, in round order.</summary>
public sealed record RunDetails(RunSummary Summary, ExperimentConfig Config, IReadOnlyList<RoundMetrics> Rounds);

/// <summary>Something that happened to a run, sent to its followers.</summary>
public abstract record RunEvent(Guid RunId);

/// <summary>A round finished and was stored.</summary>
public sealed record RoundCompleted(Guid RunId, RoundMetrics Metrics) : RunEvent(RunId);

/// <summary>The run's status, progress or queue position changed.</summary>
public sealed record RunStatusChanged(Guid RunId, RunSummary Summary) : RunEvent(RunId);

/// <summary>Creates, lists, reads and cancels runs. Launching only enqueues: a background worker executes runs.</summary>
public interface IRunService
{
    /// <summary>
    /// Validates <paramref name="config"/>, stores the experiment and a Queued run, and enqueues it.
    /// Throws <see cref="Simulation.ExperimentException"/> with a user message when the configuration is invalid
    /// or the queue is full.
    /// </summary>
    Task<Guid> LaunchAsync(ExperimentConfig config, CancellationToken cancellationToken = default);

    /// <summary>Returns all runs, newest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns a run with its stored rounds, or null when no run has that id.</summary>
    Task<RunDetails?> GetAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a queued or running run. Returns true when the run is now cancelled or will stop, including when an
    /// earlier or concurrent call cancelled it. Returns false when the run ended in another way or does not exist.
    /// </summary>
    Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default);
}

/// <summary>
/// In-process publish and subscribe for run events. The SignalR hub and the Blazor run page both follow runs
/// through it. Each subscription gets its events in publish order, one at a time, on a thread-pool thread:
/// marshal to the UI with <c>InvokeAsync</c>. A subscription that falls more than
/// <see cref="RunNotifier.SubscriptionQueueCapacity"/> events behind is dropped.
/// </summary>
public interface IRunNotifier
{
    /// <summary>Calls <paramref name="handler"/> for every event of one run until the subscription is disposed.</summary>
    IDisposable Subscribe(Guid runId, Func<RunEvent, Task> handler);

    /// <summary>Calls <paramref name="handler"/> for every event of every run until the subscription is disposed.</summary>
    IDisposable SubscribeAll(Func<RunEvent, Task> handler);
}
