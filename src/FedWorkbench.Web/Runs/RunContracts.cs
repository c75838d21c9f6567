using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

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
/// <remarks>
/// Every number is finite, because neither JSON nor the database can store NaN or an infinity. A value that is
/// undefined for the round, or that runs stored before the value existed did not record, is null.
/// </remarks>
/// <param name="TestLoss">
/// Mean cross-entropy of the global model on the test set, or null when the engine reported NaN or an infinity.
/// </param>
/// <param name="TrainLoss">
/// Mean local training loss of the aggregated clients, weighted by sample count. Null when the round accepted no
/// update, so the mean is undefined, or when the mean is NaN or an infinity.
/// </param>
/// <param name="SampledClients">Clients selected this round, over-selected ones included.</param>
/// <param name="AggregatedClients">Clients whose updates entered the aggregate.</param>
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
    /// <summary>Reported updates that the engine left out of the aggregate, for example for non-finite values.</summary>
    /// <remarks>Runs stored before this value existed had no dropouts, so for them it is sampled clients minus aggregated ones.</remarks>
    public int RejectedClients { get; init; }

    /// <summary>Sampled clients whose update reached the server before the round deadline.</summary>
    /// <remarks>Runs stored before this value existed had no dropouts, so every sampled client reported.</remarks>
    public int ReportedClients { get; init; }

    /// <summary>Sampled clients that did not report: dropouts and stragglers cut off by the deadline.</summary>
    /// <remarks>
    /// Over-selected clients that the server did not wait for are neither reported nor dropped, so
    /// <see cref="ReportedClients"/> plus this can be less than <see cref="SampledClients"/>.
    /// </remarks>
    public int DroppedClients { get; init; }

    /// <summary>Malicious clients among those that reported.</summary>
    public int MaliciousClients { get; init; }

    /// <summary>Bytes the server sent to the sampled clients this round. Null for runs stored before it was recorded.</summary>
    public long? BytesDown { get; init; }

    /// <summary>Bytes the reporting clients sent to the server this round. Null for runs stored before it was recorded.</summary>
    public long? BytesUp { get; init; }

    /// <summary>
    /// Simulated seconds of the round from the clients' compute speeds and bandwidths. Deterministic, unlike
    /// <see cref="RoundSeconds"/>. Null for runs stored before it was recorded, or when the engine reported a
    /// non-finite value.
    /// </summary>
    public double? SimulatedSeconds { get; init; }

    /// <summary>Clients with a non-empty held-out split. Null when no client has one.</summary>
    public int? ClientAccuracyClients { get; init; }

    /// <summary>Mean accuracy of the global model over the clients' held-out splits, each client counting once. Null when undefined.</summary>
    public double? ClientAccuracyMean { get; init; }

    /// <summary>Population standard deviation of the per-client held-out accuracies. Null when undefined.</summary>
    public double? ClientAccuracyStd { get; init; }

    /// <summary>Mean held-out accuracy of the worst ⌈10%⌉ of clients (at least one). Null when undefined.</summary>
    public double? ClientAccuracyWorst10 { get; init; }

    /// <summary>
    /// Mean accuracy of the global model on the held-out splits of each client group's clients, in the order of
    /// <see cref="ExperimentConfig.ClientGroups"/>. An element is null when none of that group's clients has a
    /// held-out split. Null for runs without client groups and for runs stored before it was recorded.
    /// </summary>
    /// <remarks>Record equality compares this list by reference, so compare it element by element in tests.</remarks>
    public IReadOnlyList<double?>? GroupAccuracy { get; init; }

    /// <summary>Why the round kept the previous global model. Null when it aggregated a new one.</summary>
    public string? GlobalModelKeptReason { get; init; }

    /// <summary>
    /// ε of the (ε, δ) guarantee spent after this round, counting every round so far. Null without differential
    /// privacy, and null when <see cref="EpsilonUnbounded"/> is true.
    /// </summary>
    public double? Epsilon { get; init; }

    /// <summary>
    /// Whether the run gives no privacy guarantee although it uses differential privacy, because its noise
    /// multiplier is 0. The engine reports ε = +∞ then, which JSON and the database cannot store.
    /// </summary>
    public bool EpsilonUnbounded { get; init; }

    /// <summary>The clip norm S used this round, which changes under adaptive clipping. Null without differential privacy.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Fraction of the aggregated updates whose norm exceeded the clip norm. Null without differential privacy.</summary>
    public double? ClippedFraction { get; init; }

    /// <summary>Bytes that secure aggregation added to this round's traffic (keys, shares, ring encoding), or 0 without it.</summary>
    public long SecureAggregationBytes { get; init; }

    /// <summary>Wall-clock seconds spent masking and unmasking this round, or 0 without secure aggregation. Not deterministic.</summary>
    public double SecureAggregationSeconds { get; init; }

    /// <summary>
    /// The first coordinates of one client's update before masking and as the server received them. Stored for
    /// every round of a run with secure aggregation, and null without it.
    /// </summary>
    public MaskedUpdateValues? MaskedUpdate { get; init; }
}

/// <summary>What the server receives of one client's update under secure aggregation, in one round.</summary>
/// <param name="Client">The client whose update is shown, numbered from 0.</param>
/// <param name="Update">
/// The first coordinates of its update Δ_k before masking. A NaN or infinite coordinate is null, because JSON
/// cannot carry it.
/// </param>
/// <param name="Masked">The same coordinates as the server received them: elements of the ring of integers modulo 2³².</param>
public sealed record MaskedUpdateValues(int Client, IReadOnlyList<double?> Update, IReadOnlyList<uint> Masked)
{
    /// <summary>Compares the client and both lists element by element, so that a stored sample equals the one read back.</summary>
    public bool Equals(MaskedUpdateValues? other) =>
        other is not null && Client == other.Client && Update.SequenceEqual(other.Update) && Masked.SequenceEqual(other.Masked);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Client, Update.Count, Masked.Count);
}

/// <summary>A run as listed: status, progress and headline numbers.</summary>
/// <param name="QueuePosition">
/// 1 for the next run to start. Null when the run is not waiting, which includes a queued run that a worker
/// has taken and is starting.
/// </param>
/// <param name="StartedAt">
/// When a worker started the run. For a resumed run, the time it continued minus the training time up to its
/// checkpoint, so that <paramref name="FinishedAt"/> − StartedAt is the training time without the downtime.
/// </param>
/// <param name="Error">
/// Message for the user when the run failed. For a run whose checkpoint could not be stored, why it cannot be
/// resumed after an interruption. Null otherwise.
/// </param>
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
    string? Error)
{
    /// <summary>
    /// Whether <see cref="IRunService.ResumeAsync"/> accepts the run: it is Interrupted, and a checkpoint of its
    /// last stored round is stored or no round is stored yet.
    /// </summary>
    public bool CanResume { get; init; }

    /// <summary>
    /// Whether the run was launched from a room. Such runs are listed only in their room, not in
    /// <see cref="IRunService.ListAsync"/>, but stay reachable by id.
    /// </summary>
    public bool LaunchedInRoom { get; init; }
}

/// <summary>A run with its configuration and every stored round, in round order.</summary>
/// <param name="Partition">
/// How the run's training data is spread over its clients. Null until the engine has split the data, and for
/// runs that stopped before it did.
/// </param>
public sealed record RunDetails(RunSummary Summary, ExperimentConfig Config, IReadOnlyList<RoundMetrics> Rounds, PartitionStatistics? Partition = null);

/// <summary>Something that happened to a run, sent to its followers.</summary>
public abstract record RunEvent(Guid RunId);

/// <summary>A round finished and was stored.</summary>
public sealed record RoundCompleted(Guid RunId, RoundMetrics Metrics) : RunEvent(RunId);

/// <summary>The engine split the run's data over its clients. Published once per run, before round 1.</summary>
public sealed record PartitionReady(Guid RunId, PartitionStatistics Partition) : RunEvent(RunId);

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
    /// <param name="config">The experiment to run.</param>
    /// <param name="origin">The room and board the run was launched from, stored with the run; null for runs launched elsewhere.</param>
    /// <param name="cancellationToken">Cancels storing and enqueuing.</param>
    Task<Guid> LaunchAsync(ExperimentConfig config, Boards.RunOrigin? origin = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Launches <paramref name="config"/> like <see cref="LaunchAsync(ExperimentConfig, Boards.RunOrigin?, CancellationToken)"/>,
    /// and requests the centralized <paramref name="baselines"/>, which the run page draws as reference lines.
    /// </summary>
    Task<Guid> LaunchAsync(ExperimentConfig config, Boards.RunOrigin? origin, IReadOnlyList<Data.Baselines.BaselineKind> baselines, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the runs launched outside rooms, newest first. A room's runs are left out so that people without
    /// the room's link do not see them; <see cref="ListRoomRunsAsync"/> lists them.
    /// </summary>
    Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the runs launched from the room <paramref name="roomId"/>, newest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListRoomRunsAsync(Guid roomId, CancellationToken cancellationToken = default);

    /// <summary>Returns a run with its stored rounds, or null when no run has that id.</summary>
    Task<RunDetails?> GetAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a queued or running run. Returns true when the run is now cancelled or will stop, including when an
    /// earlier or concurrent call cancelled it. Returns false when the run ended in another way or does not exist.
    /// </summary>
    Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues an Interrupted run again so that it continues from the checkpoint of its last stored round, or from
    /// round 1 when no round is stored. The stored rounds stay, and the resumed rounds have the same metrics,
    /// timings excepted, as a run that was never stopped. Returns the run's summary, now Queued. Throws
    /// <see cref="RunResumeException"/>, with nothing changed, when the run does not exist, is not Interrupted,
    /// has no usable checkpoint, or the queue is full.
    /// </summary>
    Task<RunSummary> ResumeAsync(Guid runId, CancellationToken cancellationToken = default);
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
