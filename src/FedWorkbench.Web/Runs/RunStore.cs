using System.Text.Json;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// Reads and writes runs in the database and turns them into the contract types, with queue positions from
/// <see cref="RunQueue"/>. Each call uses its own short-lived context, so the store is safe to share.
/// </summary>
public sealed class RunStore(IDbContextFactory<FedWorkbenchDbContext> contextFactory, RunQueue queue, TimeProvider timeProvider)
{
    /// <summary>Name shown for an experiment that has none.</summary>
    public const string UntitledName = "Untitled experiment";

    /// <summary>
    /// Stores <paramref name="config"/> as a new experiment with one Queued run, tied to the room and board in
    /// <paramref name="origin"/> when there is one; returns the run id.
    /// </summary>
    public async Task<Guid> CreateQueuedRunAsync(
        ExperimentConfig config, Boards.RunOrigin? origin, CancellationToken cancellationToken, IReadOnlyList<BaselineKind>? baselines = null)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        var experiment = new ExperimentEntity
        {
            Id = Guid.CreateVersion7(now),
            Name = string.IsNullOrWhiteSpace(config.Name) ? null : config.Name.Trim(),
            ConfigJson = ExperimentJson.Serialize(config),
            CreatedAt = now,
        };
        var run = new RunEntity
        {
            Id = Guid.CreateVersion7(now),
            Experiment = experiment,
            Status = RunStatus.Queued,
            CreatedAt = now,
            TotalRounds = config.Rounds,
            RoomId = origin?.RoomId,
            BoardId = origin?.BoardId,
            LaunchedBy = origin?.LaunchedBy,
            BaselineKinds = baselines is { Count: > 0 } ? string.Join(',', baselines.Distinct().Order().Select(ExperimentNames.Of)) : null,
        };

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        context.Runs.Add(run);
        await context.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    /// <summary>Deletes a run and its experiment; used when the queue rejects a run that was just stored.</summary>
    public async Task DeleteRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        Guid? experimentId = await context.Runs
            .Where(r => r.Id == runId)
            .Select(r => (Guid?)r.ExperimentId)
            .FirstOrDefaultAsync(cancellationToken);
        if (experimentId is Guid id)
        {
            // Deleting the experiment cascades to the run.
            await context.Experiments.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Returns the runs launched from the room <paramref name="roomId"/>, or the runs launched outside rooms when
    /// it is null, newest first.
    /// </summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(Guid? roomId, CancellationToken cancellationToken)
    {
        // TODO: page this list; it grows by one row per run and nothing deletes runs yet.
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<RunRow> rows = await SelectRows(context, context.Runs.AsNoTracking()
                .Where(r => r.RoomId == roomId)
                .OrderByDescending(r => r.CreatedAt)
                .ThenByDescending(r => r.Id))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToSummary)];
    }

    /// <summary>Returns the summaries of the given runs that exist, in no particular order.</summary>
    public async Task<IReadOnlyList<RunSummary>> GetSummariesAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken)
    {
        if (runIds.Count == 0)
        {
            return [];
        }

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<RunRow> rows = await SelectRows(context, context.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id)))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToSummary)];
    }

    /// <summary>
    /// Runs the read queries of a launch, of a run's start and of the run page once, for an id that no run has. EF Core
    /// then compiles them before the first launch instead of during it. Writes nothing.
    /// </summary>
    public async Task WarmUpQueriesAsync(CancellationToken cancellationToken)
    {
        // Run ids are version 7 GUIDs, so no run has the empty one, and MarkStartedAsync returns before its write.
        Guid missing = Guid.Empty;
        await MarkStartedAsync(missing, cancellationToken);
        await GetSummariesAsync([missing], cancellationToken);
        await GetSummaryAsync(missing, cancellationToken);
        await GetDetailsAsync(missing, cancellationToken);
    }

    /// <summary>
    /// Launches, starts, stores a round of and ends one small run in a private in-memory SQLite database, so that
    /// EF Core builds its update pipeline and the runtime compiles the write path before the first launch. The
    /// app's database is not touched.
    /// </summary>
    /// <remarks>
    /// A first launch spent about 0.2–0.4 s in these writes, on the critical path from the Launch click to the run
    /// page, because its run's creation time is taken before the insert.
    /// </remarks>
    public static async Task WarmUpWritesAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        DbContextOptions<FedWorkbenchDbContext> options = new DbContextOptionsBuilder<FedWorkbenchDbContext>().UseSqlite(connection).Options;
        var contextFactory = new PooledDbContextFactory<FedWorkbenchDbContext>(options);
        await using (FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await context.Database.EnsureCreatedAsync(cancellationToken);
        }

        var store = new RunStore(contextFactory, new RunQueue(Options.Create(new RunOptions())), timeProvider);
        var config = new ExperimentConfig { Name = "start-up rehearsal", Rounds = 1 };
        Guid runId = await store.CreateQueuedRunAsync(config, origin: null, cancellationToken);
        await store.GetSummaryAsync(runId, cancellationToken);
        await store.MarkStartedAsync(runId, cancellationToken);
        var partition = PartitionStatistics.Compute(new ClientPartition([[0, 1], [2]]), [0, 1, 1], classCount: 2);
        await store.StorePartitionAsync(runId, partition, cancellationToken);
        var metrics = new RoundMetrics(1, 0.5, 0.7, 0.7, 2, 2, 3, 0.01, 0.01);
        await store.AddRoundAsync(runId, metrics, new EngineCheckpoint(1, 0.01, [1, 2, 3]), checkpointSkippedReason: null, cancellationToken);
        await store.GetDetailsAsync(runId, cancellationToken);
        await store.MarkEndedAsync(runId, RunStatus.Completed, error: null, cancellationToken);
    }

    /// <summary>Returns one run's summary, or null when no run has that id.</summary>
    public async Task<RunSummary?> GetSummaryAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunRow? row = await SelectRows(context, context.Runs.AsNoTracking().Where(r => r.Id == runId))
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToSummary(row);
    }

    /// <summary>Returns a run with its configuration and rounds in round order, or null when it does not exist.</summary>
    public async Task<RunDetails?> GetDetailsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunEntity? run = await context.Runs.AsNoTracking()
            .Include(r => r.Experiment)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        List<RoundEntity> rounds = await context.Rounds.AsNoTracking()
            .Where(r => r.RunId == runId)
            .OrderBy(r => r.Round)
            .ToListAsync(cancellationToken);
        string? partitionJson = await context.Partitions.AsNoTracking()
            .Where(p => p.RunId == runId)
            .Select(p => p.StatisticsJson)
            .FirstOrDefaultAsync(cancellationToken);
        PartitionStatistics? partition = partitionJson is null
            ? null
            : JsonSerializer.Deserialize<PartitionStatistics>(partitionJson, JsonSerializerOptions.Web);
        bool canResume = await CanResumeAsync(context, run, cancellationToken);
        return new RunDetails(ToSummary(run, canResume), ExperimentJson.Deserialize(run.Experiment.ConfigJson), [.. rounds.Select(ToMetrics)], partition);
    }

    /// <summary>
    /// Stores the partition statistics of a run, replacing any stored before. Throws
    /// <see cref="InvalidOperationException"/> when the run is not in the database.
    /// </summary>
    public async Task StorePartitionAsync(Guid runId, PartitionStatistics partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        string json = JsonSerializer.Serialize(partition, JsonSerializerOptions.Web);

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await context.Runs.AnyAsync(r => r.Id == runId, cancellationToken))
        {
            throw new InvalidOperationException($"Run {runId} is not in the database, so its partition statistics cannot be stored.");
        }

        RunPartitionEntity? stored = await context.Partitions.FirstOrDefaultAsync(p => p.RunId == runId, cancellationToken);
        if (stored is null)
        {
            context.Partitions.Add(new RunPartitionEntity { RunId = runId, StatisticsJson = json });
        }
        else
        {
            stored.StatisticsJson = json;
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Marks a Queued run as Running and returns its configuration, new summary and the checkpoint to continue
    /// from; returns null when the run does not exist or is no longer Queued. The checkpoint is null for a run
    /// without stored rounds, and for a resumed run whose checkpoint is missing or is not of its last stored round.
    /// </summary>
    /// <remarks>
    /// A resumed run gets a start time moved forward by the time it was stopped, so that its elapsed time continues
    /// from the checkpoint's training time.
    /// </remarks>
    public async Task<StartedRun?> MarkStartedAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunEntity? run = await context.Runs.Include(r => r.Experiment).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not { Status: RunStatus.Queued })
        {
            return null;
        }

        RunCheckpointEntity? stored = run.CompletedRounds == 0
            ? null
            : await context.RunCheckpoints.AsNoTracking()
                .FirstOrDefaultAsync(c => c.RunId == runId && c.CompletedRounds == run.CompletedRounds, cancellationToken);
        EngineCheckpoint? checkpoint = stored is null ? null : new EngineCheckpoint(stored.CompletedRounds, stored.ElapsedSeconds, stored.State);

        DateTimeOffset now = timeProvider.GetUtcNow();
        run.Status = RunStatus.Running;
        run.StartedAt = checkpoint is null ? now : now - TimeSpan.FromSeconds(checkpoint.ElapsedSeconds);
        await context.SaveChangesAsync(cancellationToken);
        return new StartedRun(ExperimentJson.Deserialize(run.Experiment.ConfigJson), ToSummary(run), checkpoint);
    }

    /// <summary>
    /// Stores one round, the run's progress and the checkpoint taken after the round in one transaction; returns the
    /// updated summary. The checkpoint replaces the run's previous one. Without a checkpoint, the previous one is
    /// deleted and <paramref name="checkpointSkippedReason"/> is stored as the run's error, so the stored checkpoint
    /// is always of the last stored round or absent.
    /// </summary>
    /// <param name="runId">The run the round belongs to.</param>
    /// <param name="metrics">The round's metrics.</param>
    /// <param name="checkpoint">The engine state after the round, or null when the engine did not take one.</param>
    /// <param name="checkpointSkippedReason">Why <paramref name="checkpoint"/> is null, for the user; ignored otherwise.</param>
    /// <param name="cancellationToken">Cancels storing; nothing is stored then.</param>
    public async Task<RunSummary> AddRoundAsync(
        Guid runId,
        RoundMetrics metrics,
        EngineCheckpoint? checkpoint,
        string? checkpointSkippedReason,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Same query shape as MarkStartedAsync, so EF Core reuses the compiled query and round 1 is not slower.
        RunEntity run = await context.Runs.Include(r => r.Experiment).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new InvalidOperationException($"Run {runId} is not in the database, so round {metrics.Round} cannot be stored.");

        context.Rounds.Add(new RoundEntity
        {
            RunId = runId,
            Round = metrics.Round,
            TestAccuracy = metrics.TestAccuracy,
            TestLoss = metrics.TestLoss,
            TrainLoss = metrics.TrainLoss,
            SampledClients = metrics.SampledClients,
            AggregatedClients = metrics.AggregatedClients,
            TrainedSamples = metrics.TrainedSamples,
            RoundSeconds = metrics.RoundSeconds,
            ElapsedSeconds = metrics.ElapsedSeconds,
            RejectedClients = metrics.RejectedClients,
            ReportedClients = metrics.ReportedClients,
            DroppedClients = metrics.DroppedClients,
            MaliciousClients = metrics.MaliciousClients,
            BytesDown = metrics.BytesDown,
            BytesUp = metrics.BytesUp,
            SimulatedSeconds = metrics.SimulatedSeconds,
            ClientAccuracyClients = metrics.ClientAccuracyClients,
            ClientAccuracyMean = metrics.ClientAccuracyMean,
            ClientAccuracyStd = metrics.ClientAccuracyStd,
            ClientAccuracyWorst10 = metrics.ClientAccuracyWorst10,
            GroupAccuracyJson = metrics.GroupAccuracy is null ? null : JsonSerializer.Serialize(metrics.GroupAccuracy, JsonSerializerOptions.Web),
            GlobalModelKeptReason = metrics.GlobalModelKeptReason,
            Epsilon = metrics.Epsilon,
            EpsilonUnbounded = metrics.EpsilonUnbounded,
            ClipNorm = metrics.ClipNorm,
            ClippedFraction = metrics.ClippedFraction,
            SecureAggregationBytes = metrics.SecureAggregationBytes,
            SecureAggregationSeconds = metrics.SecureAggregationSeconds,
            MaskedUpdateJson = metrics.MaskedUpdate is null ? null : JsonSerializer.Serialize(metrics.MaskedUpdate, JsonSerializerOptions.Web),
        });
        run.CompletedRounds = Math.Max(run.CompletedRounds, metrics.Round);
        if (double.IsFinite(metrics.TestAccuracy) && (run.BestAccuracy is not double best || metrics.TestAccuracy > best))
        {
            run.BestAccuracy = metrics.TestAccuracy;
        }

        await ReplaceCheckpointAsync(context, run, checkpoint, checkpointSkippedReason, cancellationToken);

        // SaveChanges writes the round, the run and the checkpoint in one transaction, so a crash keeps all or none.
        await context.SaveChangesAsync(cancellationToken);
        return ToSummary(run);
    }

    // Replaces the checkpoint row by its key without loading it. Loading it read the previous state (800 KB for the
    // 2NN) from SQLite and copied it into the change tracker's snapshot every round.
    private async Task ReplaceCheckpointAsync(
        FedWorkbenchDbContext context,
        RunEntity run,
        EngineCheckpoint? checkpoint,
        string? checkpointSkippedReason,
        CancellationToken cancellationToken)
    {
        bool hasStored = await context.RunCheckpoints.AnyAsync(c => c.RunId == run.Id, cancellationToken);
        if (checkpoint is null)
        {
            if (hasStored)
            {
                context.RunCheckpoints.Remove(new RunCheckpointEntity { RunId = run.Id });
            }

            run.Error = string.IsNullOrWhiteSpace(checkpointSkippedReason)
                ? "The engine stored no checkpoint for the last round, so the run cannot be resumed after an interruption."
                : checkpointSkippedReason;
            return;
        }

        var replacement = new RunCheckpointEntity
        {
            RunId = run.Id,
            CompletedRounds = checkpoint.CompletedRounds,
            ElapsedSeconds = checkpoint.ElapsedSeconds,
            State = checkpoint.State,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        if (hasStored)
        {
            // Update marks every column modified, so SaveChanges writes the whole row by its key.
            context.RunCheckpoints.Update(replacement);
        }
        else
        {
            context.RunCheckpoints.Add(replacement);
        }

        // A checkpoint of this round makes the run resumable again after an earlier round had none.
        run.Error = null;
    }

    /// <summary>
    /// Stores how a run ended; returns the new summary, or null when it does not exist or had already ended
    /// (a user's cancel of a queued run can race the worker).
    /// </summary>
    public async Task<RunSummary?> MarkEndedAsync(Guid runId, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunEntity? run = await context.Runs.Include(r => r.Experiment).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status is not (RunStatus.Queued or RunStatus.Running))
        {
            return null;
        }

        run.Status = status;
        run.FinishedAt = timeProvider.GetUtcNow();

        // An interrupted run keeps the reason it cannot be resumed, which AddRoundAsync stored.
        if (status != RunStatus.Interrupted || error is not null)
        {
            run.Error = error;
        }

        await context.SaveChangesAsync(cancellationToken);
        return ToSummary(run, await CanResumeAsync(context, run, cancellationToken));
    }

    /// <summary>
    /// Marks every run still Queued or Running as Interrupted; call once at start-up, before the worker takes
    /// runs. Returns the runs it changed, with their previous status. Their rounds stay stored.
    /// </summary>
    public async Task<IReadOnlyList<LeftoverRun>> MarkLeftoverRunsInterruptedAsync(CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<RunEntity> leftovers = await context.Runs
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .ToListAsync(cancellationToken);

        var changed = new List<LeftoverRun>(leftovers.Count);
        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach (RunEntity run in leftovers)
        {
            RunStatus previousStatus = run.Status;
            run.Status = RunStatus.Interrupted;
            run.FinishedAt = now;
            changed.Add(new LeftoverRun(run.Id, previousStatus, run.CompletedRounds, await CanResumeAsync(context, run, cancellationToken)));
        }

        await context.SaveChangesAsync(cancellationToken);
        return changed;
    }

    /// <summary>Returns the configuration and room of a run for the launch limits, or null when the run does not exist.</summary>
    public async Task<(ExperimentConfig Config, Guid? RoomId)?> GetLaunchInputsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.Runs
            .Where(r => r.Id == runId)
            .Select(r => new { r.Experiment.ConfigJson, r.RoomId })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (ExperimentJson.Deserialize(row.ConfigJson), row.RoomId);
    }

    /// <summary>
    /// Marks an Interrupted run Queued again for a resume and returns its summary. Throws
    /// <see cref="RunResumeException"/>, with nothing changed, when the run does not exist, is not Interrupted, or
    /// has stored rounds without a checkpoint of the last one. Enqueue the run afterwards, or undo this with
    /// <see cref="UndoResumeAsync"/>.
    /// </summary>
    public async Task<RunSummary> MarkResumeQueuedAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunEntity run = await context.Runs.Include(r => r.Experiment).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new RunResumeException(RunResumeError.NotFound, $"No run has the id {runId}. List the runs with GET /api/runs.");
        if (run.Status != RunStatus.Interrupted)
        {
            throw NotInterrupted(runId, run.Status);
        }

        if (run.CompletedRounds > 0)
        {
            int? checkpointRound = await context.RunCheckpoints
                .Where(c => c.RunId == runId)
                .Select(c => (int?)c.CompletedRounds)
                .FirstOrDefaultAsync(cancellationToken);
            if (checkpointRound is null)
            {
                string reason = run.Error ?? "No checkpoint is stored for it, for example because it ran before checkpoints were stored.";
                throw new RunResumeException(RunResumeError.NoCheckpoint,
                    $"Run {runId} cannot be resumed from round {run.CompletedRounds + 1}. {reason} Use Edit as new experiment on the run page to run it again.");
            }

            // Rounds and checkpoints are stored in one transaction, so this only happens to a database changed by hand.
            if (checkpointRound != run.CompletedRounds)
            {
                throw new RunResumeException(RunResumeError.CheckpointMismatch,
                    $"Run {runId} cannot be resumed: its checkpoint is of round {checkpointRound}, but {run.CompletedRounds} rounds are stored. Use Edit as new experiment on the run page to run it again.");
            }
        }

        // Conditional, so that of two concurrent resumes only one queues the run.
        int updated = await context.Runs
            .Where(r => r.Id == runId && r.Status == RunStatus.Interrupted)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(r => r.Status, RunStatus.Queued)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null), cancellationToken);
        if (updated == 0)
        {
            RunStatus current = await context.Runs.Where(r => r.Id == runId).Select(r => r.Status).FirstOrDefaultAsync(CancellationToken.None);
            throw NotInterrupted(runId, current);
        }

        run.Status = RunStatus.Queued;
        run.FinishedAt = null;
        return ToSummary(run);
    }

    /// <summary>
    /// Returns a run that <see cref="MarkResumeQueuedAsync"/> marked Queued to Interrupted, with
    /// <paramref name="finishedAt"/> as its end; used when the queue rejects the resume.
    /// </summary>
    public async Task UndoResumeAsync(Guid runId, DateTimeOffset? finishedAt, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Runs
            .Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(r => r.Status, RunStatus.Interrupted)
                .SetProperty(r => r.FinishedAt, finishedAt), cancellationToken);
    }

    private static RunResumeException NotInterrupted(Guid runId, RunStatus status) => new(
        RunResumeError.NotInterrupted,
        $"Run {runId} is {status.ToString().ToLowerInvariant()}, so it cannot be resumed. Only runs interrupted by a server stop can be resumed.");

    /// <summary>
    /// Converts an engine result to the stored and published metrics. A NaN or infinite number becomes null: the
    /// engine reports a NaN training loss when it rejected every update of the round, and neither SQLite through
    /// EF Core nor System.Text.Json accepts non-finite numbers. An ε of +∞, which the engine reports when the noise
    /// multiplier is 0, becomes <see cref="RoundMetrics.EpsilonUnbounded"/> with a null ε.
    /// </summary>
    public static RoundMetrics ToMetrics(RoundResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ClientAccuracySummary? clientAccuracy = result.ClientAccuracy;
        return new RoundMetrics(
            result.Round,
            result.TestAccuracy,
            FiniteOrNull(result.TestLoss),
            FiniteOrNull(result.TrainLoss),
            result.SampledClients,
            result.AggregatedClients,
            result.TrainedSamples,
            result.RoundSeconds,
            result.ElapsedSeconds)
        {
            RejectedClients = result.RejectedUpdates.Count,
            ReportedClients = result.ReportedClients,
            DroppedClients = result.DroppedClients,
            MaliciousClients = result.MaliciousClients,
            BytesDown = result.BytesDown,
            BytesUp = result.BytesUp,
            SimulatedSeconds = FiniteOrNull(result.SimulatedSeconds),
            ClientAccuracyClients = clientAccuracy?.Clients,
            ClientAccuracyMean = FiniteOrNull(clientAccuracy?.Mean),
            ClientAccuracyStd = FiniteOrNull(clientAccuracy?.StandardDeviation),
            ClientAccuracyWorst10 = FiniteOrNull(clientAccuracy?.Worst10Percent),
            GroupAccuracy = result.GroupAccuracy is null ? null : [.. result.GroupAccuracy.Select(FiniteOrNull)],
            GlobalModelKeptReason = string.IsNullOrWhiteSpace(result.GlobalModelKeptReason) ? null : result.GlobalModelKeptReason,
            Epsilon = FiniteOrNull(result.Epsilon),
            EpsilonUnbounded = result.Epsilon is double epsilon && double.IsPositiveInfinity(epsilon),
            ClipNorm = FiniteOrNull(result.ClipNorm),
            ClippedFraction = FiniteOrNull(result.ClippedFraction),
            SecureAggregationBytes = result.SecureAggregationBytes,
            SecureAggregationSeconds = FiniteOrNull(result.SecureAggregationSeconds) ?? 0,
            MaskedUpdate = ToMaskedUpdateValues(result.MaskedUpdate),
        };
    }

    private static MaskedUpdateValues? ToMaskedUpdateValues(MaskedUpdateSample? sample) => sample is null
        ? null
        : new MaskedUpdateValues(sample.Client, [.. sample.Update.Select(value => FiniteOrNull(value))], [.. sample.Masked]);

    private static RoundMetrics ToMetrics(RoundEntity round) => new(
        round.Round,
        round.TestAccuracy,
        round.TestLoss,
        round.TrainLoss,
        round.SampledClients,
        round.AggregatedClients,
        round.TrainedSamples,
        round.RoundSeconds,
        round.ElapsedSeconds)
    {
        RejectedClients = round.RejectedClients,
        ReportedClients = round.ReportedClients,
        DroppedClients = round.DroppedClients,
        MaliciousClients = round.MaliciousClients,
        BytesDown = round.BytesDown,
        BytesUp = round.BytesUp,
        SimulatedSeconds = round.SimulatedSeconds,
        ClientAccuracyClients = round.ClientAccuracyClients,
        ClientAccuracyMean = round.ClientAccuracyMean,
        ClientAccuracyStd = round.ClientAccuracyStd,
        ClientAccuracyWorst10 = round.ClientAccuracyWorst10,
        GroupAccuracy = round.GroupAccuracyJson is null
            ? null
            : JsonSerializer.Deserialize<double?[]>(round.GroupAccuracyJson, JsonSerializerOptions.Web),
        GlobalModelKeptReason = round.GlobalModelKeptReason,
        Epsilon = round.Epsilon,
        EpsilonUnbounded = round.EpsilonUnbounded,
        ClipNorm = round.ClipNorm,
        ClippedFraction = round.ClippedFraction,
        SecureAggregationBytes = round.SecureAggregationBytes,
        SecureAggregationSeconds = round.SecureAggregationSeconds,
        MaskedUpdate = round.MaskedUpdateJson is null
            ? null
            : JsonSerializer.Deserialize<MaskedUpdateValues>(round.MaskedUpdateJson, JsonSerializerOptions.Web),
    };

    private static double? FiniteOrNull(double? value) => value is double number && double.IsFinite(number) ? number : null;

    // A run can be resumed when it is Interrupted and either has no rounds or a checkpoint of its last round.
    private static IQueryable<RunRow> SelectRows(FedWorkbenchDbContext context, IQueryable<RunEntity> runs) =>
        runs.Select(r => new RunRow(
            r,
            r.Experiment.Name,
            r.Status == RunStatus.Interrupted
                && (r.CompletedRounds == 0 || context.RunCheckpoints.Any(c => c.RunId == r.Id && c.CompletedRounds == r.CompletedRounds))));

    private static async Task<bool> CanResumeAsync(FedWorkbenchDbContext context, RunEntity run, CancellationToken cancellationToken) =>
        run.Status == RunStatus.Interrupted
        && (run.CompletedRounds == 0
            || await context.RunCheckpoints.AnyAsync(c => c.RunId == run.Id && c.CompletedRounds == run.CompletedRounds, cancellationToken));

    private RunSummary ToSummary(RunRow row) => ToSummary(row.Run, row.Name, row.CanResume);

    // Only an Interrupted run can be resumed, so callers that store another status need not query the checkpoint.
    private RunSummary ToSummary(RunEntity run, bool canResume = false) => ToSummary(run, run.Experiment.Name, canResume);

    private RunSummary ToSummary(RunEntity run, string? name, bool canResume) => new(
        run.Id,
        name ?? UntitledName,
        run.Status,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        run.CompletedRounds,
        run.TotalRounds,
        run.BestAccuracy,
        run.Status == RunStatus.Queued ? queue.GetPosition(run.Id) : null,
        run.Error)
    {
        CanResume = canResume,
        LaunchedInRoom = run.RoomId is not null,
    };

    private sealed record RunRow(RunEntity Run, string? Name, bool CanResume);
}

/// <summary>A run that <see cref="RunStore.MarkStartedAsync"/> marked Running.</summary>
/// <param name="Config">The experiment to run.</param>
/// <param name="Summary">The run's summary, now Running.</param>
/// <param name="Checkpoint">The checkpoint of the last stored round to continue from; null to start at round 1.</param>
public sealed record StartedRun(ExperimentConfig Config, RunSummary Summary, EngineCheckpoint? Checkpoint);

/// <summary>A run that a stopped process left Queued or Running, as <see cref="RunStore.MarkLeftoverRunsInterruptedAsync"/> found it.</summary>
/// <param name="CanResume">Whether the run can be resumed now that it is Interrupted.</param>
public sealed record LeftoverRun(Guid RunId, RunStatus PreviousStatus, int CompletedRounds, bool CanResume);
