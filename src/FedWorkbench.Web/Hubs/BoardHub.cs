using System.Runtime.CompilerServices;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Hubs;

/// <summary>
/// The shared board over SignalR at <see cref="Path"/>. A connection joins one board of one room at a time, then
/// sends operations, undo, redo, cursor moves and votes; <see cref="BoardService"/> applies operations and
/// broadcasts them to the board's group. Bad input to <see cref="JoinBoard"/> raises a <see cref="HubException"/>
/// whose message the browser shows. A connection that joined with the room's facilitator token edits past locks.
/// Every method takes its arguments as raw JSON and binds them with <see cref="HubArgument{T}"/>, so an argument of
/// the wrong JSON kind raises a <see cref="HubException"/> naming the field instead of SignalR's generic error.
/// </summary>
public sealed partial class BoardHub(
    IRoomService rooms,
    BoardService boards,
    IFacilitationService facilitation,
    BoardLockRegistry locks,
    RoomPresence presence,
    IOptions<BoardOptions> options,
    IOptions<JsonHubProtocolOptions> protocol,
    TimeProvider time,
    ILogger<BoardHub> logger) : Hub<IBoardHubClient>
{
    /// <summary>URL path the hub is mapped to.</summary>
    public const string Path = "/hubs/board";

    /// <summary>Message of the <see cref="HubException"/> for board calls made before <see cref="JoinBoard"/>.</summary>
    public const string JoinFirstMessage = "Join a board first.";

    private const int MinTokenLength = 16;
    private const int MaxTokenLength = 64;

    /// <summary>Returns the name of the SignalR group of everyone in a room.</summary>
    public static string RoomGroup(Guid roomId) => $"room:{roomId:D}";

    /// <summary>Returns the name of the SignalR group of everyone on a board.</summary>
    public static string BoardGroup(Guid boardId) => $"board:{boardId:D}";

    /// <summary>Returns the message of a rejected operation over the rate limit.</summary>
    public static string RateLimitMessage(int maxPerSecond) =>
        $"Too many edits: at most {maxPerSecond} per second. Wait a moment and try again.";

    /// <summary>
    /// Joins the board: checks the room code, the board, the client token, the display name and the facilitator
    /// token when one is sent, adds the
    /// connection to the room's and the board's groups (leaving a board joined before), announces the new
    /// presence, and returns what the browser needs to be up to date from <see cref="JoinBoardRequest.LastVersion"/>.
    /// </summary>
    public async Task<JoinBoardResult> JoinBoard(JsonElement joinRequest)
    {
        BoardOptions limits = options.Value;
        JoinBoardRequest? request = Bind(JoinRequestArgument, joinRequest);
        if (request is null)
        {
            throw Reject("The join request is missing. Send the room code, board id, client token and display name.");
        }

        string token = request.ClientToken ?? "";
        if (token.Length is < MinTokenLength or > MaxTokenLength || !BoardLimits.IsValidId(token))
        {
            throw Reject($"The client token must be {MinTokenLength} to {MaxTokenLength} characters from A–Z, a–z, 0–9, '-' and '_'. Reload the page to make a new one.");
        }

        string name = (request.DisplayName ?? "").Trim();
        if (name.Length is 0 or > BoardLimits.MaxDisplayNameLength)
        {
            throw Reject($"The display name must be 1 to {BoardLimits.MaxDisplayNameLength} visible characters without line breaks. Enter a shorter name.");
        }

        if (ExperimentValidator.IndexOfHiddenCharacter(name) is int hidden and >= 0)
        {
            throw Reject($"The display name contains the invisible character U+{(int)name[hidden]:X4} at position {hidden + 1}; use visible characters only.");
        }

        RoomInfo? room = await rooms.FindRoomAsync(request.RoomCode, Context.ConnectionAborted);
        if (room is null)
        {
            throw Reject($"Room '{Shorten(request.RoomCode)}' does not exist. Check the link, or create a room on the home page.");
        }

        if (await boards.FindRoomOfBoardAsync(request.BoardId, Context.ConnectionAborted) != room.Id)
        {
            throw Reject($"Board {request.BoardId} is not in room '{room.Code}'. Pick a board from the room's board list.");
        }

        bool isFacilitator = false;
        if (!string.IsNullOrEmpty(request.FacilitatorToken))
        {
            isFacilitator = await facilitation.IsFacilitatorAsync(room.Id, request.FacilitatorToken, Context.ConnectionAborted);
            if (!isFacilitator)
            {
                throw Reject(FacilitationService.WrongTokenMessage("edit past the facilitator's locks")
                    + " To join as a participant, open the room's share link instead.");
            }
        }

        string participantId = RoomPresence.ParticipantId(token);
        BoardConnection? previous = Joined;
        if (previous is not null && previous.RoomId != room.Id)
        {
            await LeaveAsync(previous);
        }

        PresenceUpdate update = presence.Join(room.Id, Context.ConnectionId, participantId, name, request.BoardId, limits.MaxParticipantsPerRoom)
            ?? throw Reject($"Room '{room.Code}' is full: at most {limits.MaxParticipantsPerRoom} people can be in it at once. Try again later.");

        if (previous is not null && previous.BoardId != request.BoardId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, BoardGroup(previous.BoardId));
            await Clients.OthersInGroup(BoardGroup(previous.BoardId)).CursorHidden(previous.ParticipantId);
        }

        // Join the group before reading the board, so that no operation falls between the returned state and the broadcasts.
        // An operation may arrive both ways, so browsers skip versions they already have.
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroup(room.Id));
        await Groups.AddToGroupAsync(Context.ConnectionId, BoardGroup(request.BoardId));
        Context.Items[typeof(BoardConnection)] = new BoardConnection(room.Id, request.BoardId, participantId, isFacilitator,
            new TokenBucket(limits.MaxOperationsPerSecond, 2 * limits.MaxOperationsPerSecond, time),
            new TokenBucket(limits.MaxCursorMovesPerSecond, limits.MaxCursorMovesPerSecond, time),
            new RepeatCounter(time));

        BoardSync sync = await boards.GetSyncAsync(request.BoardId, request.LastVersion, Context.ConnectionAborted)
            ?? throw Reject($"Board {request.BoardId} was not found. Pick a board from the room's board list.");

        await Clients.Group(RoomGroup(room.Id)).PresenceChanged(update.Participants);
        BoardLocks boardLocks = await locks.GetAsync(request.BoardId, Context.ConnectionAborted);
        BoardLog.BoardJoined(logger, Context.ConnectionId, participantId, request.BoardId, room.Id, request.LastVersion);
        return new JoinBoardResult(update.Self, update.Participants, sync.Version, sync.Snapshot, sync.Operations, boardLocks, isFacilitator);
    }

    /// <summary>Applies an operation to the joined board; see <see cref="BoardService.ApplyAsync"/>.</summary>
    public async Task<OperationResult> ApplyOperation(JsonElement boardOperation)
    {
        BoardConnection joined = RequireJoined();
        if (RateLimited(joined) is { } limited)
        {
            return limited;
        }

        BoardOperation? operation = Bind(OperationArgument, boardOperation);

        if (operation is null || operation.Changes is null || operation.Changes.Any(c => c is null))
        {
            return new OperationResult(OperationResult.Rejected, 0, [],
                "The operation is malformed: it needs an opId, a baseVersion and a list of changes.");
        }

        return await boards.ApplyAsync(joined.BoardId, joined.ParticipantId, operation, joined.IsFacilitator, Context.ConnectionAborted)
            ?? throw new HubException("The board no longer exists. Pick another board from the room's board list.");
    }

    /// <summary>Undoes this participant's latest operation on the joined board.</summary>
    public async Task<OperationResult> Undo()
    {
        BoardConnection joined = RequireJoined();
        return RateLimited(joined)
            ?? await boards.UndoAsync(joined.BoardId, joined.ParticipantId, joined.IsFacilitator, Context.ConnectionAborted)
            ?? throw new HubException("The board no longer exists. Pick another board from the room's board list.");
    }

    /// <summary>Redoes the operation this participant undid last on the joined board.</summary>
    public async Task<OperationResult> Redo()
    {
        BoardConnection joined = RequireJoined();
        return RateLimited(joined)
            ?? await boards.RedoAsync(joined.BoardId, joined.ParticipantId, joined.IsFacilitator, Context.ConnectionAborted)
            ?? throw new HubException("The board no longer exists. Pick another board from the room's board list.");
    }

    /// <summary>
    /// Sends this participant's cursor position to the others on the board. Moves over
    /// <see cref="BoardOptions.MaxCursorMovesPerSecond"/> per connection and non-finite coordinates are dropped.
    /// </summary>
    public async Task MoveCursor(JsonElement cursorX, JsonElement cursorY)
    {
        BoardConnection joined = RequireJoined();
        double x = Bind(CursorXArgument, cursorX);
        double y = Bind(CursorYArgument, cursorY);
        if (!double.IsFinite(x) || !double.IsFinite(y) || !joined.Cursor.TryTake())
        {
            return;
        }

        await Clients.OthersInGroup(BoardGroup(joined.BoardId)).CursorMoved(new CursorPosition(joined.ParticipantId, x, y));
    }

    /// <summary>
    /// Adds (<paramref name="voteDelta"/> = 1) or takes back (−1) one of this participant's votes on a note in the
    /// room's open voting round; see <see cref="IFacilitationService.CastVoteAsync"/>. Returns the participant's votes.
    /// </summary>
    public async Task<MyVotes> CastVote(JsonElement voteElementId, JsonElement voteDelta)
    {
        BoardConnection joined = RequireJoined();
        string? elementId = Bind(VoteElementIdArgument, voteElementId);
        int delta = Bind(VoteDeltaArgument, voteDelta);
        try
        {
            // A null id reaches the service, which rejects it as an invalid element id.
            return await facilitation.CastVoteAsync(joined.RoomId, joined.ParticipantId, elementId!, delta, Context.ConnectionAborted);
        }
        catch (FacilitationException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Returns this participant's votes in the room's open voting round, or null when none is open.</summary>
    public Task<MyVotes?> GetMyVotes()
    {
        BoardConnection joined = RequireJoined();
        return facilitation.GetMyVotesAsync(joined.RoomId, joined.ParticipantId, Context.ConnectionAborted);
    }

    /// <summary>Hides this participant's cursor on the others' boards.</summary>
    public async Task HideCursor()
    {
        BoardConnection joined = RequireJoined();
        await Clients.OthersInGroup(BoardGroup(joined.BoardId)).CursorHidden(joined.ParticipantId);
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Joined is { } joined)
        {
            await LeaveAsync(joined);
        }

        await base.OnDisconnectedAsync(exception);
    }

    private BoardConnection? Joined =>
        Context.Items.TryGetValue(typeof(BoardConnection), out object? value) ? value as BoardConnection : null;

    private BoardConnection RequireJoined() => Joined ?? throw new HubException(JoinFirstMessage);

    private T? Bind<T>(HubArgument<T> argument, JsonElement value, [CallerMemberName] string method = "") =>
        argument.Bind(value, protocol.Value.PayloadSerializerOptions, logger, Context.ConnectionId, method);

    private OperationResult? RateLimited(BoardConnection joined)
    {
        if (joined.Operations.TryTake())
        {
            return null;
        }

        int max = options.Value.MaxOperationsPerSecond;
        if (joined.RateLimitLog.Count() is int rejected and > 0)
        {
            BoardLog.RateLimited(logger, Context.ConnectionId, joined.ParticipantId, joined.BoardId, max, rejected);
        }

        return new OperationResult(OperationResult.Rejected, boards.PeekVersion(joined.BoardId), [], RateLimitMessage(max));
    }

    private async Task LeaveAsync(BoardConnection joined)
    {
        Context.Items.Remove(typeof(BoardConnection));
        PresenceUpdate? update = presence.Leave(Context.ConnectionId);
        await Clients.OthersInGroup(BoardGroup(joined.BoardId)).CursorHidden(joined.ParticipantId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, BoardGroup(joined.BoardId));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomGroup(joined.RoomId));
        if (update is not null)
        {
            await Clients.Group(RoomGroup(joined.RoomId)).PresenceChanged(update.Participants);
        }
    }

    // NOTE: JoinBoard has no rate limit, so a client that keeps sending invalid joins writes one Warning line per call.
    private HubException Reject(string message)
    {
        BoardLog.JoinRefused(logger, Context.ConnectionId, message);
        return new HubException(message);
    }

    // The code comes from any client, so messages and logs get a bounded, cleaned prefix of it.
    private static string Shorten(string? value) => HubArgumentText.Shorten(value);

    /// <summary>What one connection joined, whether it joined with the facilitator token, and its rate limits.</summary>
    private sealed record BoardConnection(
        Guid RoomId, Guid BoardId, string ParticipantId, bool IsFacilitator, TokenBucket Operations, TokenBucket Cursor, RepeatCounter RateLimitLog);
}

/// <summary>
/// Counts repeats of one log event and lets at most one line through per second, so a client flooding the hub
/// cannot flood the log. Thread-safe.
/// </summary>
internal sealed class RepeatCounter(TimeProvider time)
{
    private readonly TokenBucket _lines = new(1, 1, time);
    private int _repeats;

    /// <summary>
    /// Counts one repeat. Returns the number of repeats since the last logged line, this one included, when a line
    /// may be written now; otherwise 0.
    /// </summary>
    public int Count()
    {
        Interlocked.Increment(ref _repeats);
        return _lines.TryTake() ? Interlocked.Exchange(ref _repeats, 0) : 0;
    }
}

/// <summary>
/// A token bucket: refills at <c>ratePerSecond</c> up to <c>capacity</c> tokens, and each accepted call takes one.
/// Thread-safe, because SignalR may run several calls of one connection at once when parallel invocations are allowed.
/// </summary>
internal sealed class TokenBucket(int ratePerSecond, int capacity, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _tokens = capacity;
    private long _lastTimestamp = time.GetTimestamp();

    /// <summary>Takes one token; returns false, taking nothing, when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            long now = time.GetTimestamp();
            double elapsedSeconds = time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            _lastTimestamp = now;
            _tokens = Math.Min(capacity, _tokens + elapsedSeconds * ratePerSecond);
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
