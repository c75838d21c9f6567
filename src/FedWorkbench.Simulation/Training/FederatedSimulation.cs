using System.Diagnostics;
using System.Runtime.CompilerServices;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Simulation.Training;

/// <summary>Runs federated experiments and streams one <see cref="RoundResult"/> per round.</summary>
/// <remarks>
/// Each round selects clients, either m = max(1, ⌊C·K⌋) without replacement (more with over-selection) or each
/// client with probability C under Poisson sampling. It simulates dropouts, durations and the deadline to find the
/// clients that report, and trains those in parallel from the global model. Their deltas then pass the attacks,
/// differential-privacy clipping and noise, and compression. Deltas with a wrong length, NaN or infinite values or a
/// non-positive weight are rejected. The strategy then moves the global model by the aggregate of the accepted
/// deltas, summed through secure aggregation when it is on. A round without an aggregate keeps the global model and stores the reason in
/// <see cref="RoundResult.GlobalModelKeptReason"/>. The metrics apart from the timings are bit-identical for any
/// <see cref="SimulationOptions.MaxDegreeOfParallelism"/> and <see cref="SimulationOptions.TaskScheduler"/> on the
/// same machine.
/// </remarks>
public sealed class FederatedSimulation
{
    private readonly Func<ExperimentConfig, Dataset> _loadDataset;
    private readonly Func<ExperimentConfig, Dataset, ClientPartition> _splitDataset;
    private readonly SimulationOptions _options;
    private readonly TaskScheduler _scheduler;
    private readonly ILogger _logger;

    /// <summary>Creates the engine over a shared dataset catalog.</summary>
    public FederatedSimulation(DatasetCatalog datasets, SimulationOptions? options = null, ILogger<FederatedSimulation>? logger = null)
        : this(
            (datasets ?? throw new ArgumentNullException(nameof(datasets))).Get,
            Partitioner.Split,
            options,
            logger)
    {
    }

    /// <summary>
    /// Creates the engine over one table the caller featurized, such as a CSV file of the user's own data. It runs
    /// configurations whose dataset is <see cref="DatasetKind.Table"/> and rejects the others.
    /// </summary>
    public FederatedSimulation(Dataset table, SimulationOptions? options = null, ILogger<FederatedSimulation>? logger = null)
        : this(
            TableLoader(table ?? throw new ArgumentNullException(nameof(table))),
            Partitioner.Split,
            options,
            logger)
    {
    }

    /// <summary>Creates the engine over explicit data loading and partitioning steps; lets tests use in-memory data.</summary>
    internal FederatedSimulation(
        Func<ExperimentConfig, Dataset> loadDataset,
        Func<ExperimentConfig, Dataset, ClientPartition> splitDataset,
        SimulationOptions? options = null,
        ILogger<FederatedSimulation>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(loadDataset);
        ArgumentNullException.ThrowIfNull(splitDataset);
        _loadDataset = loadDataset;
        _splitDataset = splitDataset;
        _options = options ?? new SimulationOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxDegreeOfParallelism, nameof(options));
        _scheduler = _options.TaskScheduler ?? TaskScheduler.Default;
        _logger = logger ?? NullLogger<FederatedSimulation>.Instance;
    }

    /// <summary>
    /// Runs <paramref name="config"/> and yields each round's metrics as soon as the round ends. Throws
    /// <see cref="ExperimentException"/> before the first round when the configuration is invalid or the data
    /// cannot be loaded or partitioned, and <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    /// <remarks>
    /// Data loading and every round run on <see cref="SimulationOptions.TaskScheduler"/>, or on thread-pool threads
    /// without one, so a caller awaiting on a UI thread is not blocked by training. Only the configuration check
    /// runs on the caller's thread. After each round the enumeration, and so the caller's code for that round,
    /// continues on the thread pool, never on the scheduler's threads.
    /// </remarks>
    public IAsyncEnumerable<RoundResult> RunAsync(ExperimentConfig config, CancellationToken cancellationToken = default) =>
        RunAsync(config, partitioned: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="config"/> like <see cref="RunAsync(ExperimentConfig, CancellationToken)"/>, and awaits
    /// <paramref name="partitioned"/> with the partition statistics once the data is split, before round 1 starts.
    /// </summary>
    public IAsyncEnumerable<RoundResult> RunAsync(
        ExperimentConfig config,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        CancellationToken cancellationToken = default) =>
        RunAsync(config, partitioned, completed: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="config"/> like <see cref="RunAsync(ExperimentConfig, Func{PartitionStatistics, CancellationToken, Task}?, CancellationToken)"/>,
    /// and after the last round awaits <paramref name="completed"/> with a copy of the final global model, before
    /// the enumeration ends. A cancelled run does not call it.
    /// </summary>
    public async IAsyncEnumerable<RoundResult> RunAsync(
        ExperimentConfig config,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        Func<TrainedModel, CancellationToken, Task>? completed,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (CheckpointedRound round in RunRoundsAsync(config, resumeFrom: null, settings: null, partitioned, completed, cancellationToken).ConfigureAwait(false))
        {
            yield return round.Result;
        }
    }

    /// <summary>
    /// Runs <paramref name="config"/> like <see cref="RunAsync(ExperimentConfig, Func{PartitionStatistics, CancellationToken, Task}?, CancellationToken)"/>,
    /// and yields with each round a checkpoint of the engine state after it. With <paramref name="resumeFrom"/>, the
    /// run restores that state and starts at round <see cref="EngineCheckpoint.CompletedRounds"/> + 1; every later
    /// round then has the same metrics, apart from timings, as in a run that was never stopped.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="ExperimentException"/> before the first round when the checkpoint belongs to another
    /// configuration, has an unknown format, or is damaged. <paramref name="partitioned"/> is called on resume too.
    /// A state larger than <see cref="CheckpointSettings.MaxBytes"/> is not serialized: that round comes with a
    /// null checkpoint and the reason. A checkpoint taken after the last round resumes to no further round.
    /// </remarks>
    public IAsyncEnumerable<CheckpointedRound> RunWithCheckpointsAsync(
        ExperimentConfig config,
        EngineCheckpoint? resumeFrom,
        CheckpointSettings settings,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        CancellationToken cancellationToken = default) =>
        RunWithCheckpointsAsync(config, resumeFrom, settings, partitioned, completed: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="config"/> like <see cref="RunWithCheckpointsAsync(ExperimentConfig, EngineCheckpoint?, CheckpointSettings, Func{PartitionStatistics, CancellationToken, Task}?, CancellationToken)"/>,
    /// and after the last round awaits <paramref name="completed"/> with a copy of the final global model, before
    /// the enumeration ends. A cancelled run does not call it.
    /// </summary>
    public IAsyncEnumerable<CheckpointedRound> RunWithCheckpointsAsync(
        ExperimentConfig config,
        EngineCheckpoint? resumeFrom,
        CheckpointSettings settings,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        Func<TrainedModel, CancellationToken, Task>? completed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.MaxBytes, nameof(settings));
        return RunRoundsAsync(config, resumeFrom, settings, partitioned, completed, cancellationToken);
    }

    /// <summary>
    /// The round loop of both run methods: validates, loads and partitions the data, restores
    /// <paramref name="resumeFrom"/> when given, and runs the remaining rounds. Checkpoints are taken only when
    /// <paramref name="settings"/> is given, and otherwise every checkpoint and reason is null.
    /// </summary>
    private async IAsyncEnumerable<CheckpointedRound> RunRoundsAsync(
        ExperimentConfig config,
        EngineCheckpoint? resumeFrom,
        CheckpointSettings? settings,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        Func<TrainedModel, CancellationToken, Task>? completed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ExperimentValidator.ThrowIfInvalid(config);
        var runClock = Stopwatch.StartNew();
        int maxDegreeOfParallelism = _options.MaxDegreeOfParallelism;

        FederatedRun run = await StartOnScheduler(
            () =>
            {
                // The checkpoint is checked before the data is loaded, so a wrong one fails fast.
                CheckpointHeader? header = resumeFrom is null ? null : FederatedRun.VerifyCheckpoint(resumeFrom, config);
                FederatedRun created = FederatedRun.Create(config, _loadDataset, _splitDataset, maxDegreeOfParallelism, _logger);
                if (resumeFrom is not null)
                {
                    created.Restore(resumeFrom, header!.Value);
                }

                return created;
            },
            cancellationToken).ConfigureAwait(false);
        if (partitioned is not null)
        {
            await partitioned(run.PartitionStatistics, cancellationToken).ConfigureAwait(false);
        }

        int firstRound = (resumeFrom?.CompletedRounds ?? 0) + 1;
        for (int round = firstRound; round <= config.Rounds; round++)
        {
            CheckpointedRound result;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                int current = round;
                result = await StartOnScheduler(
                    () =>
                    {
                        RoundResult metrics = run.RunRound(current, runClock, cancellationToken);
                        return settings is null ? new CheckpointedRound(metrics, null, null) : run.TakeCheckpoint(metrics, settings.MaxBytes);
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                run.LogCancelled(round);
                throw;
            }

            yield return result;
        }

        run.LogCompleted(run.ElapsedSeconds(runClock.Elapsed));
        if (completed is not null)
        {
            await completed(run.CopyModel(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Func<ExperimentConfig, Dataset> TableLoader(Dataset table) =>
        config => config.Dataset == DatasetKind.Table
            ? table
            : throw new ExperimentException(
                $"This simulation trains on the table {table.Name}, and the experiment asks for {ExperimentNames.Of(config.Dataset)}; " +
                "set the dataset to table.");

    /// <summary>
    /// Starts <paramref name="work"/> on the engine's scheduler, where <see cref="TaskScheduler.Current"/> makes the
    /// round's parallel loops use the same scheduler. Continuations run asynchronously, so the code after the await
    /// continues on the thread pool and never takes a thread of the scheduler.
    /// </summary>
    private Task<T> StartOnScheduler<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            work,
            cancellationToken,
            TaskCreationOptions.DenyChildAttach | TaskCreationOptions.RunContinuationsAsynchronously,
            _scheduler);
}
