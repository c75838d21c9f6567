using System.Collections.Concurrent;
using System.Text.Json;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Boards;

/// <summary>How a rejoining browser catches up: the operations it missed, or the whole board.</summary>
/// <param name="Version">The board's version when the sync was read.</param>
/// <param name="Snapshot">The whole board, when the operations are not sent.</param>
/// <param name="Operations">The operations after the browser's last version, in version order, or null.</param>
public sealed record BoardSync(long Version, BoardSnapshot? Snapshot, IReadOnlyList<AppliedOperation>? Operations);

/// <summary>
/// The authority of every board: applies operations one at a time per board, saves each applied operation
/// (log row, element rows, board version, room activity) in one transaction, then broadcasts it to the board's
/// group of <see cref="BoardHub"/>. Boards in use are kept in memory and leave it after
/// <see cref="BoardOptions.IdleBoardMinutes"/> idle minutes. Register it as a singleton.
/// </summary>
public sealed partial class BoardService : IDisposable
{
    /// <summary>Message of the rejected result when the database could not save an operation.</summary>
    public const string SaveFailedMessage =
        "The edit could not be saved, so it was not applied. Try again in a moment; if it keeps failing, reload the page.";

    // Earlier outcomes kept per board for resent operations; older applied ones are found in the operation log.
    private const int MaxRememberedOutcomes = 1_000;

    private readonly IDbContextFactory<FedWorkbenchDbContext> _contextFactory;
    private readonly IHubContext<BoardHub, IBoardHubClient> _hub;
    private readonly BoardLockRegistry _locks;
    private readonly WorkbenchMetrics _metrics;
    private readonly BoardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BoardService> _logger;
    private readonly ConcurrentDictionary<Guid, BoardEntry> _boards = new();
    private readonly ITimer _evictionTimer;

    /// <summary>Creates the service and starts the timer that evicts idle boards once a minute.</summary>
    public BoardService(
        IDbContextFactory<FedWorkbenchDbContext> contextFactory,
        IHubContext<BoardHub, IBoardHubClient> hub,
        BoardLockRegistry locks,
        WorkbenchMetrics metrics,
        IOptions<BoardOptions> options,
        TimeProvider time,
        ILogger<BoardService> logger)
    {
        _contextFactory = contextFactory;
        _hub = hub;
        _locks = locks;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _evictionTimer = time.CreateTimer(_ => EvictIdleBoards(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>JSON settings of the stored property values, writes and changes.</summary>
    internal static JsonSerializerOptions Json { get; } = JsonSerializerOptions.Web;

    /// <summary>Returns the id of the room that contains the board, or null when there is no such board.</summary>
    public async Task<Guid?> FindRoomOfBoardAsync(Guid boardId, CancellationToken cancellationToken = default)
    {
        if (_boards.TryGetValue(boardId, out BoardEntry? entry))
        {
            return entry.RoomId;
        }

        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Boards.Where(b => b.Id == boardId).Select(b => (Guid?)b.RoomId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the board's version without waiting for its gate, for results that apply nothing (a rate-limited
    /// call); 0 when the board is not in memory. The value may be one operation behind a concurrent apply.
    /// </summary>
    public long PeekVersion(Guid boardId) =>
        _boards.TryGetValue(boardId, out BoardEntry? entry) && entry.State is { } state ? state.Version : 0;

    /// <summary>Returns the whole board as the server has it now, or null when there is no such board.</summary>
    public Task<BoardSnapshot?> GetSnapshotAsync(Guid boardId, CancellationToken cancellationToken = default) =>
        WithBoardAsync(boardId, entry => Task.FromResult(Snapshot(boardId, entry)), cancellationToken);

    /// <summary>
    /// Returns what a browser that has seen <paramref name="lastVersion"/> needs: nothing when it is current, the
    /// missed operations from the log when the log has all of them and they are at most
    /// <see cref="BoardOptions.MaxResyncOperations"/>, and the whole board otherwise. Null when there is no such board.
    /// </summary>
    public Task<BoardSync?> GetSyncAsync(Guid boardId, long? lastVersion, CancellationToken cancellationToken = default) =>
        WithBoardAsync(boardId, async entry =>
        {
            long version = entry.State!.Version;
            if (lastVersion == version)
            {
                return new BoardSync(version, null, []);
            }

            if (lastVersion is long since && since >= 0 && since < version && version - since <= _options.MaxResyncOperations)
            {
                IReadOnlyList<AppliedOperation> missed = await ReadOperationsAsync(boardId, since, cancellationToken);
                if (missed.Count == version - since)
                {
                    return new BoardSync(version, null, missed);
                }
            }

            return new BoardSync(version, Snapshot(boardId, entry), null);
        }, cancellationToken);

    /// <summary>
    /// Applies <paramref name="operation"/> by <paramref name="actor"/> under the concurrency rule, saves it and
    /// broadcasts it. A resent operation id returns the earlier outcome and applies nothing, as long as it is
    /// among the board's last <see cref="BoardState.MaxRememberedOutcomes"/> operations while the board is in
    /// memory, or among the last <see cref="BoardOptions.MaxResyncOperations"/> applied ones kept in the log. An operation that
    /// touches an element the facilitator locked, or any element of a locked board, is rejected unless
    /// <paramref name="isFacilitator"/> is true. Returns null when there is no such board.
    /// </summary>
    public Task<OperationResult?> ApplyAsync(
        Guid boardId, string actor, BoardOperation operation, bool isFacilitator = false, CancellationToken cancellationToken = default) =>
        WithBoardAsync(boardId, async entry =>
        {
            if (await FindEarlierOutcomeAsync(boardId, entry, operation.OpId, cancellationToken) is { } earlier)
            {
                BoardLog.OperationResent(_logger, operation.OpId, boardId, earlier.Status);
                return earlier;
            }

            BoardApplyResult result = entry.State!.Apply(operation, actor, _options.MaxElementsPerBoard, LockCheck(boardId, entry, isFacilitator));
            OperationResult outcome = await CommitAsync(boardId, entry, operation.OpId, actor, result);
            if (outcome.Status != OperationResult.Rejected || result.Applied is null)
            {
                // A failed save is not remembered, so that the browser's resend is applied.
                entry.Remember(operation.OpId, outcome, MaxRememberedOutcomes);
            }

            return outcome;
        }, cancellationToken);

    /// <summary>
    /// Undoes <paramref name="actor"/>'s latest operation on the board that is not undone yet; null when there is no
    /// such board. Locks apply as in <see cref="ApplyAsync"/>.
    /// </summary>
    public Task<OperationResult?> UndoAsync(Guid boardId, string actor, bool isFacilitator = false, CancellationToken cancellationToken = default) =>
        WithBoardAsync(boardId, entry =>
        {
            BoardApplyResult result = entry.State!.Undo(actor, _options.MaxElementsPerBoard, LockCheck(boardId, entry, isFacilitator));
            return CommitAsync(boardId, entry, result.Applied?.OpId ?? "undo", actor, result);
        }, cancellationToken);

    /// <summary>
    /// Redoes the operation that <paramref name="actor"/> undid last; null when there is no such board. Locks apply as
    /// in <see cref="ApplyAsync"/>.
    /// </summary>
    public Task<OperationResult?> RedoAsync(Guid boardId, string actor, bool isFacilitator = false, CancellationToken cancellationToken = default) =>
        WithBoardAsync(boardId, entry =>
        {
            BoardApplyResult result = entry.State!.Redo(actor, _options.MaxElementsPerBoard, LockCheck(boardId, entry, isFacilitator));
            return CommitAsync(boardId, entry, result.Applied?.OpId ?? "redo", actor, result);
        }, cancellationToken);

    /// <summary>
    /// Renames the board in SQLite and in server memory, under the board's gate so that snapshots and exports see
    /// the new name at once. Returns the board's new info, or null when there is no such board.
    /// </summary>
    public Task<BoardInfo?> RenameAsync(Guid boardId, string name, CancellationToken cancellationToken = default) =>
        WithBoardAsync(boardId, async entry =>
        {
            DateTimeOffset now = _time.GetUtcNow();
            await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
            await context.Boards.Where(b => b.Id == boardId)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.Name, name).SetProperty(x => x.UpdatedAt, now), cancellationToken);
            entry.Name = name;
            return new BoardInfo(boardId, name, entry.State!.Version, entry.State.Elements.Count, now);
        }, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _evictionTimer.Dispose();
        foreach (BoardEntry entry in _boards.Values)
        {
            entry.Gate.Dispose();
        }
    }

    /// <summary>
    /// Returns the lock rule for a participant on the board, or null when it has none: for the facilitator, and
    /// when nothing on the board is locked.
    /// </summary>
    private BoardLockCheck? LockCheck(Guid boardId, BoardEntry entry, bool isFacilitator)
    {
        if (isFacilitator)
        {
            return null;
        }

        BoardLocks locks = _locks.Get(boardId);
        return locks.IsEmpty
            ? null
            : touched => LockMessages.FindProblem(locks, entry.Name, touched, id => entry.State?.Find(id)?.Element);
    }

    private static BoardSnapshot Snapshot(Guid boardId, BoardEntry entry) =>
        new(boardId, entry.Name, entry.State!.Version, entry.State.Elements.ToArray());

    /// <summary>
    /// Runs <paramref name="action"/> with the board loaded and its gate held, so that operations on one board
    /// run one at a time. Returns null when the board does not exist.
    /// </summary>
    private async Task<T?> WithBoardAsync<T>(Guid boardId, Func<BoardEntry, Task<T>> action, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            BoardEntry entry = _boards.GetOrAdd(boardId, _ => new BoardEntry());
            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                if (entry.Evicted)
                {
                    // The eviction timer removed this entry while the caller waited; use a fresh one.
                    continue;
                }

                if (entry.State is null && !await LoadAsync(boardId, entry, cancellationToken))
                {
                    entry.Evicted = true;
                    _boards.TryRemove(new KeyValuePair<Guid, BoardEntry>(boardId, entry));
                    return null;
                }

                entry.LastUsed = _time.GetUtcNow();
                return await action(entry);
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    private async Task<bool> LoadAsync(Guid boardId, BoardEntry entry, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        BoardEntity? board = await context.Boards.AsNoTracking().FirstOrDefaultAsync(b => b.Id == boardId, cancellationToken);
        if (board is null)
        {
            return false;
        }

        List<BoardElementEntity> rows = await context.BoardElements.AsNoTracking()
            .Where(e => e.BoardId == boardId)
            .ToListAsync(cancellationToken);
        entry.State = new BoardState(board.Version, rows.Select(ToStoredElement), _options.MaxUndoBytesPerBoard);
        _locks.Seed(boardId, board.IsLocked, board.LockedElementIdsJson);
        entry.RoomId = board.RoomId;
        entry.Name = board.Name;
        return true;
    }

    private async Task<IReadOnlyList<AppliedOperation>> ReadOperationsAsync(Guid boardId, long since, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        List<BoardOperationEntity> rows = await context.BoardOperations.AsNoTracking()
            .Where(o => o.BoardId == boardId && o.Version > since)
            .OrderBy(o => o.Version)
            .ToListAsync(cancellationToken);
        return rows.Select(ToAppliedOperation).ToArray();
    }

    private async Task<OperationResult?> FindEarlierOutcomeAsync(Guid boardId, BoardEntry entry, string? opId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(opId))
        {
            return null;
        }

        if (entry.Outcomes.TryGetValue(opId, out OperationResult? remembered))
        {
            return remembered;
        }

        // Outcomes of operations applied before a restart or an eviction are in the log; their conflicts are not.
        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        long? version = await context.BoardOperations
            .Where(o => o.BoardId == boardId && o.OpId == opId)
            .Select(o => (long?)o.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return version is long applied ? new OperationResult(OperationResult.Applied, applied, []) : null;
    }

    /// <summary>
    /// Saves an applied operation and broadcasts it. When the save fails, the in-memory board is dropped so that
    /// the next use reloads it from the database, and the caller gets a rejected result.
    /// </summary>
    private async Task<OperationResult> CommitAsync(Guid boardId, BoardEntry entry, string opId, string actor, BoardApplyResult result)
    {
        if (result.Applied is null)
        {
            if (result.Result.Status == OperationResult.Rejected)
            {
                BoardLog.OperationRejected(_logger, opId, boardId, actor, result.Result.Error ?? "");
            }

            return result.Result;
        }

        try
        {
            // The save is not cancelled with the caller: the operation is already applied in memory.
            await SaveAsync(boardId, entry, result, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            BoardLog.OperationSaveFailed(_logger, ex, opId, boardId);
            entry.State = null;
            entry.Outcomes.Clear();
            entry.OutcomeOrder.Clear();
            return new OperationResult(OperationResult.Rejected, result.Applied.Version - 1, [], SaveFailedMessage);
        }

        _metrics.BoardOperationApplied();
        Broadcast(BoardHub.BoardGroup(boardId), nameof(IBoardHubClient.OperationApplied),
            _hub.Clients.Group(BoardHub.BoardGroup(boardId)).OperationApplied(result.Applied));
        return result.Result;
    }

    private async Task SaveAsync(Guid boardId, BoardEntry entry, BoardApplyResult result, CancellationToken cancellationToken)
    {
        AppliedOperation applied = result.Applied!;
        DateTimeOffset now = _time.GetUtcNow();

        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        context.BoardOperations.Add(new BoardOperationEntity
        {
            BoardId = boardId,
            Version = applied.Version,
            OpId = applied.OpId,
            Actor = applied.Actor,
            ChangesJson = JsonSerializer.Serialize(applied.Changes, Json),
            CreatedAt = now,
        });

        // An element can be deleted and created again within one operation, so the state after the operation
        // decides whether its row is written or removed.
        var touched = result.Upserted.Select(e => e.Element.Id).Concat(result.Deleted).ToHashSet(StringComparer.Ordinal);
        string[] touchedIds = [.. touched];
        Dictionary<string, BoardElementEntity> rows = await context.BoardElements
            .Where(e => e.BoardId == boardId && touchedIds.Contains(e.ElementId))
            .ToDictionaryAsync(e => e.ElementId, StringComparer.Ordinal, cancellationToken);
        foreach (string id in touched)
        {
            StoredElement? current = entry.State!.Find(id);
            rows.TryGetValue(id, out BoardElementEntity? row);
            if (current is null)
            {
                if (row is not null)
                {
                    context.BoardElements.Remove(row);
                }

                continue;
            }

            if (row is null)
            {
                row = new BoardElementEntity { BoardId = boardId, ElementId = id };
                context.BoardElements.Add(row);
            }

            CopyToRow(current, row);
        }

        await context.SaveChangesAsync(cancellationToken);

        // The log keeps the operations a rejoining browser can be sent, and no more, so that it does not grow
        // with every edit; older resends are recognized while the board's outcomes are in memory.
        long oldestKept = applied.Version - _options.MaxResyncOperations;
        await context.BoardOperations.Where(o => o.BoardId == boardId && o.Version <= oldestKept)
            .ExecuteDeleteAsync(cancellationToken);
        await context.Boards.Where(b => b.Id == boardId)
            .ExecuteUpdateAsync(b => b.SetProperty(x => x.Version, applied.Version).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        await context.Rooms.Where(r => r.Id == entry.RoomId)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.LastActiveAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes an element and its bookkeeping into a storage row.</summary>
    internal static void CopyToRow(StoredElement element, BoardElementEntity row)
    {
        row.Type = element.Element.Type;
        row.PropsJson = JsonSerializer.Serialize(element.Element.Props, Json);
        row.WritesJson = JsonSerializer.Serialize(element.Writes, Json);
        row.Order = element.Order;
    }

    private static StoredElement ToStoredElement(BoardElementEntity row) => new(
        new BoardElement(
            row.ElementId,
            row.Type,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.PropsJson, Json) ?? []),
        JsonSerializer.Deserialize<Dictionary<string, PropertyWrite>>(row.WritesJson, Json) ?? [],
        row.Order);

    private static AppliedOperation ToAppliedOperation(BoardOperationEntity row) => new(
        row.Version,
        row.OpId,
        row.Actor,
        JsonSerializer.Deserialize<List<BoardChange>>(row.ChangesJson, Json) ?? []);

    /// <summary>Logs a failed broadcast; browsers that missed it catch up when they rejoin.</summary>
    private void Broadcast(string group, string method, Task send)
    {
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        send.ContinueWith(
            t => BoardLog.BroadcastFailed(_logger, t.Exception!.GetBaseException(), method, group),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    private void EvictIdleBoards()
    {
        DateTimeOffset cutoff = _time.GetUtcNow() - TimeSpan.FromMinutes(_options.IdleBoardMinutes);
        foreach ((Guid boardId, BoardEntry entry) in _boards)
        {
            if (entry.LastUsed >= cutoff || !entry.Gate.Wait(0))
            {
                continue;
            }

            try
            {
                if (entry.LastUsed < cutoff && !entry.Evicted)
                {
                    entry.Evicted = true;
                    _boards.TryRemove(new KeyValuePair<Guid, BoardEntry>(boardId, entry));
                    BoardLog.BoardEvicted(_logger, boardId, _options.IdleBoardMinutes);
                }
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    /// <summary>One board in memory with the gate that serializes its operations.</summary>
    private sealed class BoardEntry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        // Null until loaded, and again after a failed save so that the next use reloads it.
        public BoardState? State { get; set; }

        public Guid RoomId { get; set; }

        public string Name { get; set; } = "";

        public DateTimeOffset LastUsed { get; set; }

        public bool Evicted { get; set; }

        public Dictionary<string, OperationResult> Outcomes { get; } = new(StringComparer.Ordinal);

        public Queue<string> OutcomeOrder { get; } = new();

        public void Remember(string? opId, OperationResult outcome, int capacity)
        {
            if (string.IsNullOrEmpty(opId) || !Outcomes.TryAdd(opId, outcome))
            {
                return;
            }

            OutcomeOrder.Enqueue(opId);
            while (OutcomeOrder.Count > capacity)
            {
                Outcomes.Remove(OutcomeOrder.Dequeue());
            }
        }
    }
}
