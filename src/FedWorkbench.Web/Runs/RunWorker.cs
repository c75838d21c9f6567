using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Operations;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// Executes queued runs with the engine, <see cref="RunOptions.MaxConcurrentRuns"/> at a time, off every
/// user's circuit. The partition statistics and each round are stored, then published; each round is stored with
/// the engine checkpoint taken after it, so that an interrupted run can be resumed. At start-up it first marks the
/// runs that a stopped process left Queued or Running as Interrupted.
/// </summary>
public sealed class RunWorker(
    RunQueue queue,
    RunStore store,
    RunNotifier notifier,
    RunStatusPublisher publisher,
    IExperimentRunner runner,
    RunModelStore models,
    WorkbenchMetrics workbenchMetrics,
    IOptions<RunOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<RunWorker> logger) : BackgroundService
{
    /// <summary>Error shown to users when a run fails for a reason they cannot fix; the log has the details.</summary>
    public const string InternalErrorMessage =
        "The run stopped because of an internal error. The server log has the details under this run's id.";

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The queue is in memory, so no run left Queued or Running by an earlier process will ever resume.
        var leftovers = await store.MarkLeftoverRunsInterruptedAsync(cancellationToken);
        foreach (LeftoverRun leftover in leftovers)
        {
            RunsLog.RunInterruptedAtStartup(logger, leftover.RunId, leftover.PreviousStatus, leftover.CompletedRounds, leftover.CanResume);
        }

        RunsLog.WorkerStarted(logger, options.Value.MaxConcurrentRuns, queue.Capacity);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Minimal hosting starts the app's hosted services before Kestrel and stops them after it, and Kestrel
        // waits for open Blazor circuits until the shutdown timeout. Stopping at ApplicationStopping, which fires
        // before anything stops, ends the runs as Interrupted at once instead of training on meanwhile.
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        await Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentRuns).Select(_ => ConsumeAsync(shutdown.Token)));
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.WaitForRunAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using RunQueue.RunLease? lease = queue.TryStartNext(stoppingToken);
            if (lease is not null)
            {
                await ExecuteRunAsync(lease);
            }
        }
    }

    /// <summary>Runs one experiment to its end. Never throws: every outcome is stored, published and logged here.</summary>
    private async Task ExecuteRunAsync(RunQueue.RunLease lease)
    {
        Guid runId = lease.RunId;
        int completedRounds = 0;
        try
        {
            // Publishing Running before the launcher has published Queued would leave followers at Queued.
            await lease.Announced.WaitAsync(lease.Token);
            StartedRun? started = await store.MarkStartedAsync(runId, CancellationToken.None);
            if (started is not var (config, summary, checkpoint))
            {
                RunsLog.RunMissing(logger, runId);
                return;
            }

            completedRounds = summary.CompletedRounds;
            if (completedRounds > 0 && checkpoint is null)
            {
                // ResumeAsync checks the checkpoint before queuing, so only a database changed meanwhile gets here.
                RunsLog.ResumeCheckpointMissing(logger, runId, completedRounds);
                await EndAsync(runId, RunStatus.Failed,
                    $"The run could not continue from round {completedRounds + 1} because the checkpoint of round {completedRounds} is missing. Use Edit as new experiment to run it again.");
                return;
            }

            if (checkpoint is null)
            {
                RunsLog.RunStarted(logger, runId, config.Rounds, config.Dataset.ToString());
            }
            else
            {
                RunsLog.RunContinued(logger, runId, checkpoint.CompletedRounds + 1, config.Rounds);
            }

            publisher.Publish(summary);
            await publisher.PublishQueuePositionsAsync(CancellationToken.None);

            var settings = new CheckpointSettings { MaxBytes = options.Value.MaxCheckpointBytes };
            bool skipLogged = false;
            Func<PartitionStatistics, CancellationToken, Task> partitioned = (partition, _) => StorePartitionAsync(runId, partition);
            // The final model is stored before the run is marked Completed, so a page that shows the status can load it.
            Func<TrainedModel, CancellationToken, Task> completedModel = (model, _) => StoreModelAsync(runId, config, model);
            await foreach (CheckpointedRound round in runner.RunWithCheckpointsAsync(config, checkpoint, settings, partitioned, completedModel, lease.Token)
                .WithCancellation(lease.Token))
            {
                // The round is finished, so store it even when a cancel arrives meanwhile. Its checkpoint goes into
                // the same transaction, so the stored checkpoint is always of the last stored round.
                RoundMetrics metrics = RunStore.ToMetrics(round.Result);
                RunSummary progress = await store.AddRoundAsync(runId, metrics, round.Checkpoint, round.CheckpointSkippedReason, CancellationToken.None);
                completedRounds = progress.CompletedRounds;
                workbenchMetrics.RoundStored();
                RunsLog.RoundStored(logger, runId, metrics.Round, metrics.TestAccuracy);
                if (round.Checkpoint is null && !skipLogged)
                {
                    // Logged once per run: every later round of a too large model is skipped for the same reason.
                    skipLogged = true;
                    RunsLog.CheckpointSkipped(logger, runId, metrics.Round, progress.Error ?? "no reason given");
                }

                notifier.Publish(new RoundCompleted(runId, metrics));
                publisher.Publish(progress);
            }

            RunSummary? completed = await EndAsync(runId, RunStatus.Completed, error: null);
            RunsLog.RunCompleted(logger, runId, completedRounds, completed?.BestAccuracy);
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested)
        {
            if (lease.CancelledByUser)
            {
                RunsLog.RunCancelled(logger, runId, RunStatus.Running, completedRounds);
                await EndAsync(runId, RunStatus.Cancelled, error: null);
            }
            else
            {
                // The last stored round's checkpoint was stored with it, so nothing is left to save here.
                RunSummary? interrupted = await EndAsync(runId, RunStatus.Interrupted, error: null);
                if (interrupted is { CanResume: false })
                {
                    RunsLog.RunInterruptedNotResumable(logger, runId, completedRounds, interrupted.Error ?? "no checkpoint is stored");
                }
                else
                {
                    RunsLog.RunInterruptedAtShutdown(logger, runId, completedRounds, completedRounds + 1);
                }
            }
        }
        catch (ExperimentException ex)
        {
            // Written for the user: it names the setting or file to fix.
            RunsLog.RunRejectedByEngine(logger, runId, ex.Message);
            await EndAsync(runId, RunStatus.Failed, ex.Message);
        }
        catch (Exception ex)
        {
            RunsLog.RunCrashed(logger, ex, runId);
            await EndAsync(runId, RunStatus.Failed, InternalErrorMessage);
        }
    }

    // Stored before it is published, like rounds, so that a page loading the run after the event finds it. The
    // data is already split, so storing goes on even when a cancel arrives meanwhile.
    private async Task StorePartitionAsync(Guid runId, PartitionStatistics partition)
    {
        await store.StorePartitionAsync(runId, partition, CancellationToken.None);
        RunsLog.PartitionStored(logger, runId, partition.ClientSizes.Length, partition.ClassCount);
        notifier.Publish(new PartitionReady(runId, partition));
    }

    /// <summary>
    /// Stores the final model and its evaluation report. A failure is logged and leaves the run without them, because
    /// every round is already stored.
    /// </summary>
    private async Task StoreModelAsync(Guid runId, ExperimentConfig config, TrainedModel model)
    {
        try
        {
            await models.StoreAsync(runId, config, model, CancellationToken.None);
        }
        catch (Exception ex)
        {
            RunsLog.ModelNotStored(logger, ex, runId);
        }
    }

    /// <summary>Stores and publishes a run's final status; logs instead of throwing when storing fails.</summary>
    private async Task<RunSummary?> EndAsync(Guid runId, RunStatus status, string? error)
    {
        try
        {
            RunSummary? summary = await store.MarkEndedAsync(runId, status, error, CancellationToken.None);
            if (summary is not null)
            {
                publisher.Publish(summary);
            }

            return summary;
        }
        catch (Exception ex)
        {
            // Left Running in the database; the next start-up marks it Interrupted.
            RunsLog.RunStatusNotStored(logger, ex, runId, status);
            return null;
        }
    }
}
