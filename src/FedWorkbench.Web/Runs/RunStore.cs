using System.Text.Json;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;

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
    public async Task<Guid> CreateQueuedRunAsync(ExperimentConfig config, Boards.RunOrigin? origin, CancellationToken cancellationToken)
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

    /// <summary>Returns all runs, newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken)
    {
        // TODO: page this list; it grows by one row per run and nothing deletes runs yet.
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<RunRow> rows = await SelectRows(context.Runs.AsNoTracking()
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
        List<RunRow> rows = await SelectRows(context.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id)))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToSummary)];
    }

    /// <summary>Returns one run's summary, or null when no run has that id.</summary>
    public async Task<RunSummary?> GetSummaryAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunRow? row = await SelectRows(context.Runs.AsNoTracking().Where(r => r.Id == runId))
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
        return new RunDetails(ToSummary(run), ExperimentJson.Deserialize(run.Experiment.ConfigJson), [.. rounds.Select(ToMetrics)], partition);
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
    /// Marks a Queued run as Running and returns its configuration and new summary; returns null when the run
    /// does not exist or is no longer Queued.
    /// </summary>
    public async Task<(ExperimentConfig Config, RunSummary Summary)?> MarkStartedAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunEntity? run = await context.Runs.Include(r => r.Experiment).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not { Status: RunStatus.Queued })
        {
            return null;
        }

        run.Status = RunStatus.Running;
        run.StartedAt = timeProvider.GetUtcNow();
        await context.SaveChangesAsync(cancellationToken);
        return (ExperimentJson.Deserialize(run.Experiment.ConfigJson), ToSummary(run));
    }

    /// <summary>Stores one round and the run's progress in one transaction; returns the updated summary.</summary>
    public async Task<RunSummary> AddRoundAsync(Guid runId, RoundMetrics metrics, CancellationToken cancellationToken)
    {
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

        await context.SaveChangesAsync(cancellationToken);
        return ToSummary(run);
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
        run.Error = error;
        run.FinishedAt = timeProvider.GetUtcNow();
        await context.SaveChangesAsync(cancellationToken);
        return ToSummary(run);
    }

    /// <summary>
    /// Marks every run still Queued or Running as Interrupted; call once at start-up, before the worker takes
    /// runs. Returns the runs it changed, with their previous status. Their rounds stay stored.
    /// </summary>
    public async Task<IReadOnlyList<(Guid RunId, RunStatus PreviousStatus, int CompletedRounds)>> MarkLeftoverRunsInterruptedAsync(
        CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<RunEntity> leftovers = await context.Runs
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .ToListAsync(cancellationToken);

        var changed = new List<(Guid, RunStatus, int)>(leftovers.Count);
        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach (RunEntity run in leftovers)
        {
            changed.Add((run.Id, run.Status, run.CompletedRounds));
            run.Status = RunStatus.Interrupted;
            run.FinishedAt = now;
        }

        await context.SaveChangesAsync(cancellationToken);
        return changed;
    }

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

    private static IQueryable<RunRow> SelectRows(IQueryable<RunEntity> runs) =>
        runs.Select(r => new RunRow(r, r.Experiment.Name));

    private RunSummary ToSummary(RunRow row) => ToSummary(row.Run, row.Name);

    private RunSummary ToSummary(RunEntity run) => ToSummary(run, run.Experiment.Name);

    private RunSummary ToSummary(RunEntity run, string? name) => new(
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
        run.Error);

    private sealed record RunRow(RunEntity Run, string? Name);
}
