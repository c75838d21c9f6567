using System.Collections.Concurrent;
using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Facilitation;

/// <summary>
/// The <see cref="IFacilitationService"/> of the web app, backed by SQLite. Changes of one room run one at a time
/// under that room's gate, are stored first and then published to <see cref="Subscribe"/> subscribers and the board
/// hub. Register it as a singleton.
/// </summary>
public sealed partial class FacilitationService : IFacilitationService
{
    private readonly IDbContextFactory<FedWorkbenchDbContext> _contextFactory;
    private readonly BoardLockRegistry _locks;
    private readonly FacilitationPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<FacilitationService> _logger;

    // NOTE: gates are never removed, so the process keeps one small semaphore per room facilitated since it started.
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _roomGates = new();

    /// <summary>Creates the service.</summary>
    public FacilitationService(
        IDbContextFactory<FedWorkbenchDbContext> contextFactory,
        IHubContext<BoardHub, IBoardHubClient> hub,
        BoardLockRegistry locks,
        TimeProvider time,
        ILogger<FacilitationService> logger)
    {
        _contextFactory = contextFactory;
        _locks = locks;
        _time = time;
        _logger = logger;
        _publisher = new FacilitationPublisher(hub, logger);
    }

    /// <summary>Message of the exception for a room that does not exist.</summary>
    public const string RoomNotFoundMessage = "The room does not exist; it may have been deleted. Reload the page or create a room on the home page.";

    /// <summary>Returns the message of the exception for a wrong facilitator token, naming what was attempted.</summary>
    public static string WrongTokenMessage(string action) =>
        $"This link is not the room's facilitator link, so it cannot {action}. Open the facilitator link you got when the room was created.";

    /// <inheritdoc />
    public async Task<FacilitationView?> GetAsync(Guid roomId, CancellationToken cancellationToken = default)
    {
        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        RoomEntity? room = await context.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken);
        return room is null ? null : await ViewAsync(context, room, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsFacilitatorAsync(Guid roomId, string? facilitatorToken, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(facilitatorToken))
        {
            return false;
        }

        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        string? hash = await context.Rooms.Where(r => r.Id == roomId).Select(r => r.FacilitatorTokenHash).FirstOrDefaultAsync(cancellationToken);
        return FacilitatorToken.Matches(facilitatorToken, hash);
    }

    /// <inheritdoc />
    public async Task<string> ClaimAsync(Guid roomId, CancellationToken cancellationToken = default)
    {
        string token = FacilitatorToken.New();
        await ChangeAsync(roomId, ClaimWithoutToken, "claim the room", (_, room) =>
        {
            if (room.FacilitatorTokenHash is not null)
            {
                throw new FacilitationException(
                    "This room already has a facilitator. Ask them for the facilitator link, or create a room of your own.");
            }

            room.FacilitatorTokenHash = FacilitatorToken.Hash(token);
            FacilitationLog.RoomClaimed(_logger, roomId);
            return Task.CompletedTask;
        }, cancellationToken);
        return token;
    }

    /// <inheritdoc />
    public Task<FacilitationView> SetAgendaAsync(
        Guid roomId, string facilitatorToken, IReadOnlyList<AgendaPhase> agenda, CancellationToken cancellationToken = default)
    {
        AgendaPhase[] phases = FacilitationInput.Agenda(agenda);
        return ChangeAsync(roomId, facilitatorToken, "change the agenda", (_, room) =>
        {
            room.AgendaJson = JsonSerializer.Serialize(phases, Json);
            if (room.TimerPhaseIndex is int index && index >= phases.Length)
            {
                StopTimer(room);
            }

            FacilitationLog.AgendaSet(_logger, roomId, phases.Length);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FacilitationView> StartTimerAsync(Guid roomId, string facilitatorToken, int phaseIndex, CancellationToken cancellationToken = default) =>
        ChangeAsync(roomId, facilitatorToken, "start the countdown", (_, room) =>
        {
            IReadOnlyList<AgendaPhase> agenda = ReadAgenda(room.AgendaJson);
            if (agenda.Count == 0)
            {
                throw new FacilitationException("The agenda is empty. Add a phase with its minutes before starting the countdown.");
            }

            if (phaseIndex < 0 || phaseIndex >= agenda.Count)
            {
                throw new FacilitationException(
                    $"Phase index {phaseIndex} does not exist: the agenda has {agenda.Count} phases, numbered 0 to {agenda.Count - 1}.");
            }

            int minutes = agenda[phaseIndex].Minutes;
            room.TimerPhaseIndex = phaseIndex;
            room.TimerEndsAt = _time.GetUtcNow() + TimeSpan.FromMinutes(minutes);
            room.TimerPausedRemainingMilliseconds = null;
            FacilitationLog.TimerStarted(_logger, roomId, phaseIndex, minutes);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<FacilitationView> PauseOrResumeTimerAsync(Guid roomId, string facilitatorToken, CancellationToken cancellationToken = default) =>
        ChangeAsync(roomId, facilitatorToken, "pause or resume the countdown", (_, room) =>
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (room.TimerEndsAt is { } endsAt)
            {
                // remaining = max(0, endsAt − now), kept in whole milliseconds.
                long remaining = Math.Max(0, (long)Math.Round((endsAt - now).TotalMilliseconds));
                room.TimerEndsAt = null;
                room.TimerPausedRemainingMilliseconds = remaining;
                FacilitationLog.TimerPaused(_logger, roomId, remaining / 1000.0);
            }
            else if (room.TimerPausedRemainingMilliseconds is long paused)
            {
                room.TimerEndsAt = now + TimeSpan.FromMilliseconds(paused);
                room.TimerPausedRemainingMilliseconds = null;
                FacilitationLog.TimerResumed(_logger, roomId, paused / 1000.0);
            }
            else
            {
                throw new FacilitationException("No countdown is running or paused. Start a phase of the agenda first.");
            }

            return Task.CompletedTask;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<FacilitationView> AddTimeAsync(Guid roomId, string facilitatorToken, int minutes, CancellationToken cancellationToken = default)
    {
        FacilitationInput.AddedMinutes(minutes);
        return ChangeAsync(roomId, facilitatorToken, "add time to the countdown", (_, room) =>
        {
            TimeSpan added = TimeSpan.FromMinutes(minutes);
            if (room.TimerEndsAt is { } endsAt)
            {
                // A countdown that already reached zero gets the minutes from now, not from its past end.
                DateTimeOffset now = _time.GetUtcNow();
                room.TimerEndsAt = (endsAt > now ? endsAt : now) + added;
            }
            else if (room.TimerPausedRemainingMilliseconds is long paused)
            {
                room.TimerPausedRemainingMilliseconds = paused + (long)added.TotalMilliseconds;
            }
            else
            {
                throw new FacilitationException("No countdown is running or paused, so no time can be added. Start a phase of the agenda first.");
            }

            FacilitationLog.TimerExtended(_logger, roomId, minutes);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FacilitationView> StopTimerAsync(Guid roomId, string facilitatorToken, CancellationToken cancellationToken = default) =>
        ChangeAsync(roomId, facilitatorToken, "stop the countdown", (_, room) =>
        {
            StopTimer(room);
            FacilitationLog.TimerStopped(_logger, roomId);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task BringEveryoneToViewAsync(Guid roomId, string facilitatorToken, ViewportRequest request, CancellationToken cancellationToken = default)
    {
        FacilitationInput.Viewport(request);
        await using (FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken))
        {
            RoomEntity room = await context.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken)
                ?? throw new FacilitationException(RoomNotFoundMessage);
            CheckToken(room, facilitatorToken, "bring everyone to this view");
            await FindBoardAsync(context, roomId, request.BoardId, cancellationToken);
        }

        FacilitationLog.ViewportRequested(_logger, roomId, request.BoardId);
        await _publisher.ViewportRequestedAsync(roomId, request);
    }

    /// <inheritdoc />
    public Task<FacilitationView> PinRunAsync(Guid roomId, string facilitatorToken, Guid? runId, CancellationToken cancellationToken = default) =>
        ChangeAsync(roomId, facilitatorToken, "pin a run", async (context, room) =>
        {
            if (runId is Guid id && !await context.Runs.AnyAsync(r => r.Id == id && r.RoomId == roomId, cancellationToken))
            {
                throw new FacilitationException(
                    $"Run {id} was not launched from this room, so it cannot be pinned here. Pick a run from the room's run list.");
            }

            room.PinnedRunId = runId;
            if (runId is Guid pinned)
            {
                FacilitationLog.RunPinned(_logger, roomId, pinned);
            }
            else
            {
                FacilitationLog.RunUnpinned(_logger, roomId);
            }
        }, cancellationToken);

    /// <inheritdoc />
    public string? FindLockProblem(Guid boardId, IReadOnlyCollection<string> changedElementIds)
    {
        ArgumentNullException.ThrowIfNull(changedElementIds);
        BoardLocks locks = _locks.Get(boardId);
        return locks.IsEmpty ? null : LockMessages.FindProblem(locks, boardName: null, changedElementIds, _ => null);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Guid roomId, Func<FacilitationEvent, Task> handler) => _publisher.Subscribe(roomId, handler);

    // Passed by reference instead of a token by ClaimAsync, the only change that needs no token.
    private static readonly string ClaimWithoutToken = new('-', 1);

    private static JsonSerializerOptions Json => JsonSerializerOptions.Web;

    private static IReadOnlyList<AgendaPhase> ReadAgenda(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<AgendaPhase[]>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static void StopTimer(RoomEntity room)
    {
        room.TimerPhaseIndex = null;
        room.TimerEndsAt = null;
        room.TimerPausedRemainingMilliseconds = null;
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the tracked room under the room's gate after checking the token (unless
    /// <paramref name="facilitatorToken"/> is <see cref="ClaimWithoutToken"/>), saves it, calls
    /// <paramref name="onSaved"/> still under the gate, and publishes the new view.
    /// </summary>
    private async Task<FacilitationView> ChangeAsync(
        Guid roomId,
        string? facilitatorToken,
        string action,
        Func<FedWorkbenchDbContext, RoomEntity, Task> change,
        CancellationToken cancellationToken,
        Action? onSaved = null)
    {
        FacilitationView view;
        SemaphoreSlim gate = _roomGates.GetOrAdd(roomId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
            RoomEntity room = await context.Rooms.FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken)
                ?? throw new FacilitationException(RoomNotFoundMessage);
            if (!ReferenceEquals(facilitatorToken, ClaimWithoutToken))
            {
                CheckToken(room, facilitatorToken, action);
            }

            await change(context, room);
            room.LastActiveAt = _time.GetUtcNow();
            await context.SaveChangesAsync(CancellationToken.None);
            onSaved?.Invoke();
            view = await ViewAsync(context, room, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }

        await _publisher.FacilitationChangedAsync(view);
        return view;
    }

    private void CheckToken(RoomEntity room, string? facilitatorToken, string action)
    {
        if (!FacilitatorToken.Matches(facilitatorToken, room.FacilitatorTokenHash))
        {
            FacilitationLog.WrongFacilitatorToken(_logger, room.Id, action);
            throw new FacilitationException(WrongTokenMessage(action));
        }
    }

    private static async Task<BoardEntity> FindBoardAsync(FedWorkbenchDbContext context, Guid roomId, Guid boardId, CancellationToken cancellationToken) =>
        await context.Boards.FirstOrDefaultAsync(b => b.Id == boardId && b.RoomId == roomId, cancellationToken)
            ?? throw new FacilitationException($"Board {boardId} is not in this room. Pick a board from the room's board list.");

    /// <summary>Reads the room's view: agenda, countdown, latest voting round, pinned run and locked boards.</summary>
    private async Task<FacilitationView> ViewAsync(FedWorkbenchDbContext context, RoomEntity room, CancellationToken cancellationToken)
    {
        var boards = await context.Boards.AsNoTracking()
            .Where(b => b.RoomId == room.Id)
            .Select(b => new { b.Id, b.IsLocked, b.LockedElementIdsJson, b.CreatedAt })
            .ToListAsync(cancellationToken);
        BoardLocks[] locks = boards
            .OrderBy(b => b.CreatedAt)
            .ThenBy(b => b.Id)
            .Select(b => new BoardLocks(b.Id, b.IsLocked, BoardLockRegistry.ParseIds(b.LockedElementIdsJson)))
            .Where(l => !l.IsEmpty)
            .ToArray();

        VoteRoundEntity? round = await context.VoteRounds.AsNoTracking()
            .Where(r => r.RoomId == room.Id)
            .OrderByDescending(r => r.StartedAt)
            .ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);

        var timer = new SessionTimer(
            room.TimerPhaseIndex,
            room.TimerEndsAt,
            room.TimerPausedRemainingMilliseconds is long paused ? paused / 1000.0 : null);
        return new FacilitationView(
            room.Id,
            room.FacilitatorTokenHash is not null,
            ReadAgenda(room.AgendaJson),
            timer.EndsAt is null && timer.PausedRemainingSeconds is null ? SessionTimer.Stopped : timer,
            round is null ? null : await VoteViewAsync(context, round, cancellationToken),
            room.PinnedRunId,
            locks,
            _time.GetUtcNow());
    }
}
