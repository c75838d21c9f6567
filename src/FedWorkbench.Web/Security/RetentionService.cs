using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Security;

/// <summary>What one retention pass deleted and kept.</summary>
/// <param name="RoomsDeleted">Rooms deleted with their boards and runs.</param>
/// <param name="RoomsKept">Idle rooms kept because a run of theirs is queued or running, or someone is in them.</param>
/// <param name="StandaloneRunsDeleted">Runs outside rooms deleted.</param>
public sealed record RetentionPassResult(int RoomsDeleted, int RoomsKept, int StandaloneRunsDeleted);

/// <summary>
/// Deletes rooms idle longer than <see cref="RetentionOptions.RoomIdleDays"/>, with their boards, elements,
/// operations, vote rounds and runs, and runs outside rooms older than <see cref="RetentionOptions.StandaloneRunDays"/>.
/// A pass runs at start-up and then every <see cref="RetentionOptions.CheckIntervalMinutes"/>. A room or run that is
/// queued or running is never deleted.
/// </summary>
/// <remarks>
/// A room is idle when its <c>LastActiveAt</c> (set by board edits and board creation) and the creation, start and end
/// of every run launched from it are older than the cutoff, and no one is connected to it. Each room is deleted in
/// one transaction. Runs are deleted explicitly, because deleting a room only sets their <c>RoomId</c> to null.
/// </remarks>
public sealed class RetentionService(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    RoomPresence presence,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RetentionOptions settings = options.Value;
        RetentionLog.RetentionStarted(logger, settings.RoomIdleDays, settings.StandaloneRunDays, settings.CheckIntervalMinutes);
        if (settings.RoomIdleDays == 0 && settings.StandaloneRunDays == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.CheckIntervalMinutes), time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Logged here and retried at the next tick, so one failure does not end retention.
                    RetentionLog.RetentionFailed(logger, ex, settings.CheckIntervalMinutes);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping. When its start failed, for example because the port was taken, it never called
            // StopAsync, and an exception escaping here would be logged as a critical crash after the real error.
        }
    }

    /// <summary>Runs one retention pass now.</summary>
    public async Task<RetentionPassResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        RetentionOptions settings = options.Value;
        DateTimeOffset now = time.GetUtcNow();
        int roomsDeleted = 0;
        int roomsKept = 0;
        if (settings.RoomIdleDays > 0)
        {
            DateTimeOffset cutoff = now.AddDays(-settings.RoomIdleDays);
            foreach (Guid roomId in await FindIdleRoomsAsync(cutoff, cancellationToken))
            {
                if (await DeleteRoomAsync(roomId, cutoff, cancellationToken))
                {
                    roomsDeleted++;
                }
                else
                {
                    roomsKept++;
                }
            }
        }

        int runsDeleted = 0;
        if (settings.StandaloneRunDays > 0)
        {
            runsDeleted = await DeleteStandaloneRunsAsync(now.AddDays(-settings.StandaloneRunDays), cancellationToken);
        }

        return new RetentionPassResult(roomsDeleted, roomsKept, runsDeleted);
    }

    private async Task<List<Guid>> FindIdleRoomsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Rooms.AsNoTracking()
            .Where(r => r.LastActiveAt < cutoff)
            .OrderBy(r => r.LastActiveAt)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deletes one idle room in one transaction; returns false when it is kept.</summary>
    private async Task<bool> DeleteRoomAsync(Guid roomId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (presence.List(roomId).Count > 0)
        {
            RetentionLog.RoomKept(logger, roomId, "someone is connected to it");
            return false;
        }

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        // Read again inside the transaction: an edit since the query above makes the room active.
        RoomEntity? room = await context.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken);
        if (room is null || room.LastActiveAt >= cutoff)
        {
            return false;
        }

        var runs = await context.Runs.AsNoTracking()
            .Where(r => r.RoomId == roomId)
            .Select(r => new { r.Id, r.ExperimentId, r.Status, r.CreatedAt, r.StartedAt, r.FinishedAt })
            .ToListAsync(cancellationToken);
        if (runs.Any(r => r.Status is RunStatus.Queued or RunStatus.Running))
        {
            RetentionLog.RoomKept(logger, roomId, "a run of the room is queued or running");
            return false;
        }

        if (runs.Any(r => r.CreatedAt >= cutoff || r.StartedAt >= cutoff || r.FinishedAt >= cutoff))
        {
            // A run launched from the room recently is activity too, although it does not set LastActiveAt.
            return false;
        }

        List<Guid> boardIds = await context.Boards.Where(b => b.RoomId == roomId).Select(b => b.Id).ToListAsync(cancellationToken);
        List<Guid> runIds = runs.Select(r => r.Id).ToList();

        await context.Votes.Where(v => context.VoteRounds.Any(vr => vr.Id == v.VoteRoundId && vr.RoomId == roomId)).ExecuteDeleteAsync(cancellationToken);
        int voteRounds = await context.VoteRounds.Where(vr => vr.RoomId == roomId).ExecuteDeleteAsync(cancellationToken);
        int operations = await context.BoardOperations.Where(o => boardIds.Contains(o.BoardId)).ExecuteDeleteAsync(cancellationToken);
        int elements = await context.BoardElements.Where(e => boardIds.Contains(e.BoardId)).ExecuteDeleteAsync(cancellationToken);
        int boards = await context.Boards.Where(b => b.RoomId == roomId).ExecuteDeleteAsync(cancellationToken);
        int rounds = await DeleteRunsAsync(context, runIds, runs.Select(r => r.ExperimentId).Distinct().ToList(), cancellationToken);
        await context.Rooms.Where(r => r.Id == roomId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        RetentionLog.RoomDeleted(logger, roomId, room.LastActiveAt, boards, elements, operations, voteRounds, runIds.Count, rounds);
        return true;
    }

    private async Task<int> DeleteStandaloneRunsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var runs = await context.Runs.AsNoTracking()
            .Where(r => r.RoomId == null && r.CreatedAt < cutoff && r.Status != RunStatus.Queued && r.Status != RunStatus.Running)
            .Select(r => new { r.Id, r.ExperimentId })
            .ToListAsync(cancellationToken);
        if (runs.Count == 0)
        {
            return 0;
        }

        int rounds = await DeleteRunsAsync(context, runs.Select(r => r.Id).ToList(), runs.Select(r => r.ExperimentId).Distinct().ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        RetentionLog.StandaloneRunsDeleted(logger, runs.Count, rounds, cutoff);
        return runs.Count;
    }

    /// <summary>
    /// Deletes the runs with their rounds, partitions and checkpoints, then the experiments no other run uses.
    /// Returns the number of rounds deleted.
    /// </summary>
    private static async Task<int> DeleteRunsAsync(FedWorkbenchDbContext context, List<Guid> runIds, List<Guid> experimentIds, CancellationToken cancellationToken)
    {
        if (runIds.Count == 0)
        {
            return 0;
        }

        int rounds = await context.Rounds.Where(r => runIds.Contains(r.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Partitions.Where(p => runIds.Contains(p.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.RunCheckpoints.Where(c => runIds.Contains(c.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Runs.Where(r => runIds.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        await context.Experiments.Where(e => experimentIds.Contains(e.Id) && !context.Runs.Any(r => r.ExperimentId == e.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return rounds;
    }
}
