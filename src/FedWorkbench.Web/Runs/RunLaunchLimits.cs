using System.Globalization;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Security;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Tables;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// Checks a run against the instance limits of <see cref="RunOptions"/> and the per-address launch rate before it is
/// queued. Register it as a singleton. A rejection is an <see cref="ExperimentException"/> whose message names the
/// value, the limit and the option, with a <see cref="RunLimitException"/> as its cause that carries the HTTP status.
/// </summary>
public sealed class RunLaunchLimits(
    IOptionsMonitor<RunOptions> options,
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    AddressRateLimiter addressLimiter,
    TableDatasets tables,
    TableUploads uploads,
    WorkbenchMetrics metrics,
    ILogger<RunLaunchLimits> logger)
{
    // NOTE: one semaphore per room that ever launched a run, kept until restart; a few hundred bytes per room.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _roomLocks = new();

    /// <summary>
    /// Throws when <paramref name="config"/> exceeds a per-run limit (422), when the room of <paramref name="origin"/>
    /// already has <see cref="RunOptions.MaxRunsPerRoom"/> runs queued or running (409), or when the current client
    /// address (<see cref="ClientAddress.Current"/>) launched too many runs this hour (429). Call it after
    /// <see cref="ExperimentValidator.ThrowIfInvalid"/>, because it assumes a valid configuration.
    /// </summary>
    /// <remarks>
    /// The per-room count is atomic with the run's insert only when the caller holds the room's lock from
    /// <see cref="CreateRoomLock"/> across this check and the run's creation or queueing.
    /// </remarks>
    public async Task ThrowIfRejectedAsync(ExperimentConfig config, RunOrigin? origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        RunOptions limits = options.CurrentValue;

        DataShape? shape = null;
        if (config.Dataset == DatasetKind.Table)
        {
            // Featurizing gives the shape that the model and work limits need; the run reuses the cached result.
            // A missing file or a column choice that does not fit it is the experiment's problem: 422, not a full queue.
            const string noTable = "The table dataset needs a table: upload a CSV file and choose its label column.";
            TableSource table = config.Table ?? throw new ExperimentException(noTable, new RunLimitException(noTable, StatusCodes.Status422UnprocessableEntity));
            Dataset dataset;
            try
            {
                // The launch counts as a use of the file, and a file that is only in the cache is not stored any more.
                await uploads.MarkUsedByRunAsync(table, cancellationToken);
                dataset = await Task.Run(() => tables.Featurize(table, config.Seed).Dataset, cancellationToken);
            }
            catch (ExperimentException ex)
            {
                throw new ExperimentException(ex.Message, new RunLimitException(ex.Message, StatusCodes.Status422UnprocessableEntity));
            }
            catch (TableUploadException ex)
            {
                // The file is not stored, or the sample cannot be put back into a store full of files that runs use.
                throw new ExperimentException(ex.Message, new RunLimitException(ex.Message, ex.StatusCode, ex.RetryAfter));
            }

            // The engine would reject the count only when the run starts, after it waited in the queue.
            if (config.Partition == PartitionKind.Natural && config.ClientGroups.Count == 0 && dataset.Owners is { } owners && owners.Count != config.Clients)
            {
                string message = $"Column '{table.OwnerColumn}' of {table.FileName ?? "the file"} names {Number(owners.Count)} owners, so the natural partition " +
                    $"needs {Number(owners.Count)} clients, one per owner, not {Number(config.Clients)}; set the number of clients to {Number(owners.Count)}.";
                throw new ExperimentException(message, new RunLimitException(message, StatusCodes.Status422UnprocessableEntity));
            }

            shape = DataShape.From(dataset);
        }

        if (FindConfigProblem(config, limits, shape) is { } problem)
        {
            throw Reject(problem.Option, problem.Message, StatusCodes.Status422UnprocessableEntity, "run-limit");
        }

        if (origin is not null)
        {
            await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
            int active = await context.Runs.CountAsync(
                r => r.RoomId == origin.RoomId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
            if (active >= limits.MaxRunsPerRoom)
            {
                throw Reject(nameof(RunOptions.MaxRunsPerRoom),
                    $"This room already has {Number(active)} runs queued or running, and this instance allows at most "
                    + $"{Number(limits.MaxRunsPerRoom)} per room ({Option(nameof(RunOptions.MaxRunsPerRoom))}); "
                    + "wait until one finishes or cancel one.",
                    StatusCodes.Status409Conflict, "run-limit");
            }
        }

        AddressLimitDecision decision = addressLimiter.TryAcquire(AddressLimit.RunLaunches, ClientAddress.Current);
        if (!decision.Allowed)
        {
            // The address limiter has counted and logged the rejection.
            throw new ExperimentException(decision.Message,
                new RunLimitException(decision.Message, StatusCodes.Status429TooManyRequests, decision.RetryAfter));
        }
    }

    /// <summary>
    /// Returns a lock that serializes launches and resumes of one room, so that concurrent ones cannot all pass the
    /// <see cref="RunOptions.MaxRunsPerRoom"/> check before any is stored. Enter it before
    /// <see cref="ThrowIfRejectedAsync"/> and dispose it after the run is stored as Queued.
    /// </summary>
    public RoomLaunchLock CreateRoomLock() => new(_roomLocks);

    /// <summary>Returns the first per-run limit that <paramref name="config"/> exceeds, with its message, or null.</summary>
    /// <param name="config">The experiment.</param>
    /// <param name="limits">This instance's limits.</param>
    /// <param name="shape">The shape of a table's data, which only featurizing the table gives; null for built-in datasets.</param>
    public static (string Option, string Message)? FindConfigProblem(ExperimentConfig config, RunOptions limits, DataShape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(limits);

        if (config.Clients > limits.MaxClients)
        {
            return (nameof(RunOptions.MaxClients),
                $"This instance allows at most {Number(limits.MaxClients)} clients per run ({Option(nameof(RunOptions.MaxClients))}); "
                + $"lower Clients from {Number(config.Clients)} to {Number(limits.MaxClients)} or fewer.");
        }

        if (config.Rounds > limits.MaxRounds)
        {
            return (nameof(RunOptions.MaxRounds),
                $"This instance allows at most {Number(limits.MaxRounds)} rounds per run ({Option(nameof(RunOptions.MaxRounds))}); "
                + $"lower Rounds from {Number(config.Rounds)} to {Number(limits.MaxRounds)} or fewer.");
        }

        if (ModelParameterCount(config, shape) is int parameters && parameters > limits.MaxModelParameters)
        {
            return (nameof(RunOptions.MaxModelParameters),
                $"The model has {Number(parameters)} parameters, and this instance allows at most {Number(limits.MaxModelParameters)} "
                + $"({Option(nameof(RunOptions.MaxModelParameters))}); use fewer or narrower hidden layers.");
        }

        if (TrainedSamples(config, shape) is long samples && samples > limits.MaxTrainedSamples)
        {
            return (nameof(RunOptions.MaxTrainedSamples),
                $"The run would train on about {Number(samples)} samples in total (rounds × client fraction × local epochs × "
                + $"training-set size), and this instance allows at most {Number(limits.MaxTrainedSamples)} "
                + $"({Option(nameof(RunOptions.MaxTrainedSamples))}); lower Rounds, the client fraction C or the local epochs E.");
        }

        if (TrainingFlops(config, shape) is double flops && flops > limits.MaxTrainingFlops)
        {
            return (nameof(RunOptions.MaxTrainingFlops),
                $"The run would take about {Tflop(flops)} TFLOP to train (rounds × C × E × training-set size × 6 × model "
                + $"parameters), and this instance allows at most {Tflop(limits.MaxTrainingFlops)} TFLOP "
                + $"({Option(nameof(RunOptions.MaxTrainingFlops))}); lower Rounds, the client fraction C or the local epochs E, "
                + "or use fewer or narrower hidden layers.");
        }

        return null;
    }

    /// <summary>Returns the parameter count of the experiment's model, or null when the data's shape is unknown.</summary>
    public static int? ModelParameterCount(ExperimentConfig config, DataShape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (shape ?? DataShape.Of(config.Dataset)) is { } known
            ? ModelLayout.ForExperiment(config, known.Features, known.Classes).ParameterCount
            : null;
    }

    /// <summary>
    /// Returns the estimated training work of a run, rounds × C × E × training-set size: each round, the fraction C of
    /// the clients trains E epochs over its share of the training set. Null when the data's shape is unknown.
    /// </summary>
    public static long? TrainedSamples(ExperimentConfig config, DataShape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if ((shape ?? DataShape.Of(config.Dataset)) is not { } known)
        {
            return null;
        }

        double work = (double)config.Rounds * config.ClientFraction * config.LocalEpochs * known.TrainingSamples;
        return (long)Math.Ceiling(work);
    }

    /// <summary>
    /// Returns the estimated floating-point operations of a run's training: <see cref="TrainedSamples"/> × 6 × the
    /// model's parameter count, because the forward and backward pass of one sample through a dense model take about
    /// 2 and 4 operations per parameter. Null when the data's shape is unknown.
    /// </summary>
    public static double? TrainingFlops(ExperimentConfig config, DataShape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if ((shape ?? DataShape.Of(config.Dataset)) is not { } known || ModelParameterCount(config, known) is not int parameters)
        {
            return null;
        }

        return (double)config.Rounds * config.ClientFraction * config.LocalEpochs * known.TrainingSamples * FlopsPerParameterAndSample * parameters;
    }

    /// <summary>Floating-point operations per model parameter for one trained sample (forward 2, backward 4).</summary>
    public const int FlopsPerParameterAndSample = 6;

    private ExperimentException Reject(string option, string message, int statusCode, string reason)
    {
        metrics.RequestRejected(reason);
        SecurityLog.RunLaunchLimited(logger, Option(option), message);
        return new ExperimentException(message, new RunLimitException(message, statusCode));
    }

    private static string Option(string name) => $"{RunOptions.SectionName}:{name}";

    private static string Tflop(double flops) => (flops / 1e12).ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>The launch lock of one room, entered at most once and released on dispose. See <see cref="RunLaunchLimits.CreateRoomLock"/>.</summary>
public sealed class RoomLaunchLock : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _locks;
    private SemaphoreSlim? _held;

    internal RoomLaunchLock(System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> locks) => _locks = locks;

    /// <summary>Waits for the lock of <paramref name="roomId"/>; does nothing for a run outside a room.</summary>
    public async Task EnterAsync(Guid? roomId, CancellationToken cancellationToken)
    {
        if (roomId is not { } room || _held is not null)
        {
            return;
        }

        SemaphoreSlim semaphore = _locks.GetOrAdd(room, static _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        _held = semaphore;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _held?.Release();
        _held = null;
    }
}

/// <summary>What the launch limits need to know about a dataset: features, classes and training samples.</summary>
/// <param name="Features">Input features per sample.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="TrainingSamples">Samples of the training split.</param>
public sealed record DataShape(int Features, int Classes, int TrainingSamples)
{
    /// <summary>Returns the shape of a built-in dataset, or null for a table, whose shape only featurizing it gives.</summary>
    public static DataShape? Of(DatasetKind dataset) => dataset switch
    {
        DatasetKind.FashionMnist => new(FashionMnistLoader.FeatureCount, FashionMnistLoader.ClassNames.Count, FashionMnistLoader.TrainCount),
        DatasetKind.Synthetic => new(SyntheticDataset.FeatureCount, SyntheticDataset.ClassCount, SyntheticDataset.TrainCount),
        _ => null,
    };

    /// <summary>Returns the shape of <paramref name="dataset"/>.</summary>
    public static DataShape From(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new(dataset.FeatureCount, dataset.ClassCount, dataset.Train.Count);
    }
}
