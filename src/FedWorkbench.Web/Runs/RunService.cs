using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// The <see cref="IRunService"/> of the web app: stores and enqueues new and resumed runs, which
/// <see cref="RunWorker"/> executes.
/// Register it as a singleton, because it keeps no per-user state.
/// </summary>
public sealed class RunService(
    RunStore store,
    RunQueue queue,
    RunStatusPublisher publisher,
    RunLaunchLimits launchLimits,
    Baselines.BaselineService baselineService,
    ILogger<RunService> logger) : IRunService
{
    /// <inheritdoc />
    public Task<Guid> LaunchAsync(ExperimentConfig config, RunOrigin? origin = null, CancellationToken cancellationToken = default) =>
        LaunchAsync(config, origin, baselines: [], cancellationToken);

    /// <inheritdoc />
    public async Task<Guid> LaunchAsync(ExperimentConfig config, RunOrigin? origin, IReadOnlyList<BaselineKind> baselines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ExperimentValidator.ThrowIfInvalid(config);
        using RoomLaunchLock roomLock = launchLimits.CreateRoomLock();
        await roomLock.EnterAsync(origin?.RoomId, cancellationToken);
        await launchLimits.ThrowIfRejectedAsync(config, origin, cancellationToken);

        // Store first, then enqueue: the worker reads the run from the database as soon as it is enqueued.
        Guid runId = await store.CreateQueuedRunAsync(config, origin, cancellationToken, baselines);
        if (queue.TryEnqueue(runId) is not int position)
        {
            RunsLog.RunRejectedQueueFull(logger, runId, queue.Capacity);
            await store.DeleteRunAsync(runId, CancellationToken.None);
            throw new ExperimentException(
                $"The run queue is full ({queue.Capacity} runs waiting); try again when a run finishes.");
        }

        RunsLog.RunQueued(logger, runId, position, config.Rounds);
        try
        {
            // The run is already queued, so a failed baseline request is logged and the launch goes on.
            await RequestBaselinesAsync(runId, config, baselines);
            if (await store.GetSummaryAsync(runId, CancellationToken.None) is { } summary)
            {
                publisher.Publish(summary);
            }
        }
        finally
        {
            // The worker waits for this before it publishes Running, so it must happen even on failure.
            queue.MarkAnnounced(runId);
        }

        return runId;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        store.ListAsync(roomId: null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> ListRoomRunsAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        store.ListAsync(roomId, cancellationToken);

    /// <inheritdoc />
    public Task<RunDetails?> GetAsync(Guid runId, CancellationToken cancellationToken = default) =>
        store.GetDetailsAsync(runId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A queued run is stored as Cancelled before this returns. A running run gets a cancellation request and
    /// this returns true at once; the worker stores Cancelled when the engine stops, usually within one round.
    /// Cancelling again is not an error: a call that finds the run already cancelled, or being cancelled by a
    /// concurrent call, also returns true, after the Cancelled status of a queued run is stored.
    /// </remarks>
    public async Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        switch (queue.TryCancel(runId))
        {
            case CancelOutcome.RemovedFromQueue:
                try
                {
                    await EndCancelledQueuedRunAsync(runId);
                }
                finally
                {
                    // Concurrent cancels of this run wait for this, so it must happen even when storing fails.
                    queue.CompleteQueuedCancel(runId);
                }

                return true;

            case CancelOutcome.RemovalInProgress:
                await queue.WaitForQueuedCancelAsync(runId, cancellationToken);
                return true;

            case CancelOutcome.CancelRequested:
                return true;

            default:
                RunSummary? summary = await store.GetSummaryAsync(runId, cancellationToken);
                return summary?.Status == RunStatus.Cancelled;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The run is marked Queued in the database before it enters the queue, so the worker that takes it finds it
    /// Queued. When the queue is full, the run is marked Interrupted again with its previous end time.
    /// </remarks>
    public async Task<RunSummary> ResumeAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        RunSummary? before = await store.GetSummaryAsync(runId, cancellationToken);
        using RoomLaunchLock roomLock = launchLimits.CreateRoomLock();
        if (before?.Status == RunStatus.Interrupted && await store.GetLaunchInputsAsync(runId, cancellationToken) is var (config, roomId))
        {
            await roomLock.EnterAsync(roomId, cancellationToken);
            // A resume trains again, so it counts against the room's and the address's launch limits. The per-run
            // limits passed at launch, but the operator may have lowered them since.
            try
            {
                await launchLimits.ThrowIfRejectedAsync(config, roomId is { } room ? new RunOrigin(room, Guid.Empty, "") : null, cancellationToken);
            }
            catch (ExperimentException ex) when (ex.InnerException is RunLimitException)
            {
                var limited = new RunResumeException(RunResumeError.LimitReached, ex.Message, ex.InnerException);
                RunsLog.RunResumeRejected(logger, runId, limited.Error, limited.Message);
                throw limited;
            }
        }

        RunSummary queued;
        try
        {
            queued = await store.MarkResumeQueuedAsync(runId, cancellationToken);
        }
        catch (RunResumeException ex)
        {
            RunsLog.RunResumeRejected(logger, runId, ex.Error, ex.Message);
            throw;
        }

        if (queue.TryEnqueue(runId) is not int position)
        {
            await store.UndoResumeAsync(runId, before?.FinishedAt, CancellationToken.None);
            var full = new RunResumeException(RunResumeError.QueueFull,
                $"The run queue is full ({queue.Capacity} runs waiting), so run {runId} stays interrupted; try again when a run finishes.");
            RunsLog.RunResumeRejected(logger, runId, full.Error, full.Message);
            throw full;
        }

        RunsLog.RunResumed(logger, runId, queued.CompletedRounds + 1, queued.TotalRounds, position);
        try
        {
            queued = await store.GetSummaryAsync(runId, CancellationToken.None) ?? queued;
            publisher.Publish(queued);
        }
        finally
        {
            // The worker waits for this before it publishes Running, so it must happen even on failure.
            queue.MarkAnnounced(runId);
        }

        return queued;
    }

    private async Task RequestBaselinesAsync(Guid runId, ExperimentConfig config, IReadOnlyList<BaselineKind> baselines)
    {
        try
        {
            await baselineService.RequestAsync(runId, config, baselines, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Baselines.BaselineLog.BaselineRequestFailed(logger, ex, runId, string.Join(',', baselines.Select(ExperimentNames.Of)));
        }
    }

    private async Task EndCancelledQueuedRunAsync(Guid runId)
    {
        // The run has left the queue, so finish the bookkeeping even if the caller stops waiting.
        RunSummary? summary = await store.MarkEndedAsync(runId, RunStatus.Cancelled, error: null, CancellationToken.None);
        if (summary is not null)
        {
            RunsLog.RunCancelled(logger, runId, RunStatus.Queued, summary.CompletedRounds);
            publisher.Publish(summary);
        }

        await publisher.PublishQueuePositionsAsync(CancellationToken.None);
    }
}
