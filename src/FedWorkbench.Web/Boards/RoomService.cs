using System.Security.Cryptography;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Boards;

/// <summary>The <see cref="IRoomService"/> of the web app, backed by SQLite. Register it as a singleton.</summary>
public sealed class RoomService(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    BoardService boards,
    Facilitation.BoardLockRegistry locks,
    IRunService runs,
    IHubContext<BoardHub, IBoardHubClient> hub,
    IOptions<BoardOptions> options,
    TimeProvider time,
    ILogger<RoomService> logger) : IRoomService
{
    /// <summary>Name of a room created without one.</summary>
    public const string DefaultRoomName = "Untitled room";

    /// <summary>Name of a room's first empty board; later empty boards are numbered on from it.</summary>
    public const string DefaultBoardName = "Board 1";

    /// <summary>Number of characters of a room code.</summary>
    public const int CodeLength = 20;

    // 36 symbols, so a code carries 20 × log2(36) ≈ 103 bits.
    private const string CodeAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly BoardOptions _options = options.Value;

    /// <summary>Returns a new room code: <see cref="CodeLength"/> characters of [a-z0-9] from a cryptographic generator.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    /// <summary>Whether <paramref name="code"/> has the form of a room code.</summary>
    public static bool IsWellFormedCode(string? code) =>
        code is { Length: CodeLength } && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    /// <summary>
    /// Returns the trimmed name, or <paramref name="fallback"/> when it is empty. Throws <see cref="BoardException"/>
    /// when it is longer than <see cref="BoardLimits.MaxNameLength"/> or contains a control, zero-width or direction character.
    /// </summary>
    public static string CheckName(string? name, string fallback, string what)
    {
        string trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return fallback;
        }

        if (trimmed.Length > BoardLimits.MaxNameLength)
        {
            throw new BoardException(
                $"The {what} name has {trimmed.Length} characters; use at most {BoardLimits.MaxNameLength}.");
        }

        if (ExperimentValidator.IndexOfHiddenCharacter(trimmed) is int hidden and >= 0)
        {
            throw new BoardException(
                $"The {what} name contains the invisible character U+{(int)trimmed[hidden]:X4} at position {hidden + 1}; use one line of visible characters.");
        }

        return trimmed;
    }

    /// <inheritdoc />
    public async Task<CreatedRoom> CreateRoomAsync(string? name, string? templateKey, CancellationToken cancellationToken = default)
    {
        string roomName = CheckName(name, DefaultRoomName, "room");
        BoardTemplate? template = FindTemplate(templateKey);
        DateTimeOffset now = time.GetUtcNow();
        string facilitatorToken = FacilitatorToken.New();

        var room = new RoomEntity
        {
            Id = Guid.CreateVersion7(now),
            Code = NewCode(),
            Name = roomName,
            CreatedAt = now,
            LastActiveAt = now,
            FacilitatorTokenHash = FacilitatorToken.Hash(facilitatorToken),
        };
        BoardEntity board = NewBoard(room.Id, template?.Document.Name ?? DefaultBoardName, template?.Document.Elements ?? [], now);
        room.Boards.Add(board);

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        context.Rooms.Add(room);
        await context.SaveChangesAsync(cancellationToken);

        BoardLog.RoomCreated(logger, room.Id, board.Id, template?.Key ?? "none");
        return new CreatedRoom(ToRoomInfo(room), facilitatorToken);
    }

    /// <inheritdoc />
    public async Task<RoomInfo?> FindRoomAsync(string? code, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormedCode(code))
        {
            return null;
        }

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RoomEntity? room = await context.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, cancellationToken);
        return room is null ? null : ToRoomInfo(room);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BoardInfo>> ListBoardsAsync(Guid roomId, CancellationToken cancellationToken = default)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.Boards.AsNoTracking()
            .Where(b => b.RoomId == roomId)
            .Select(b => new { b.Id, b.Name, b.Version, b.CreatedAt, b.UpdatedAt, Count = b.Elements.Count })
            .ToListAsync(cancellationToken);
        return rows
            .OrderBy(b => b.CreatedAt)
            .ThenBy(b => b.Id)
            .Select(b => new BoardInfo(b.Id, b.Name, b.Version, b.Count, b.UpdatedAt))
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<BoardInfo> CreateBoardAsync(Guid roomId, string? name, string? templateKey, CancellationToken cancellationToken = default)
    {
        BoardTemplate? template = FindTemplate(templateKey);
        int existing = await CountBoardsAsync(roomId, cancellationToken);
        string fallback = template?.Document.Name ?? $"Board {existing + 1}";
        string boardName = CheckName(name, fallback, "board");

        BoardInfo info = await AddBoardAsync(roomId, boardName, template?.Document.Elements ?? [], cancellationToken);
        BoardLog.BoardCreated(logger, info.Id, roomId, template?.Key ?? "none");
        return info;
    }

    /// <inheritdoc />
    public async Task<BoardInfo> RenameBoardAsync(Guid roomId, Guid boardId, string name, bool byFacilitator = false, CancellationToken cancellationToken = default)
    {
        string boardName = CheckName(name, "", "board");
        if (boardName.Length == 0)
        {
            throw new BoardException($"The board name is empty; enter a name of 1 to {BoardLimits.MaxNameLength} characters.");
        }

        const string notFound = "The room has no such board; it may have been deleted. Reload the page to see the room's boards.";
        if (await boards.FindRoomOfBoardAsync(boardId, cancellationToken) != roomId)
        {
            throw new BoardException(notFound);
        }

        if (!byFacilitator && (await locks.GetAsync(boardId, cancellationToken)).BoardLocked)
        {
            throw new BoardException("The facilitator locked this board, so it cannot be renamed now. Ask them to unlock it.");
        }

        BoardInfo info = await boards.RenameAsync(boardId, boardName, cancellationToken) ?? throw new BoardException(notFound);
        try
        {
            await hub.Clients.Group(BoardHub.RoomGroup(roomId)).BoardsChanged();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            BoardLog.BroadcastFailed(logger, ex, nameof(IBoardHubClient.BoardsChanged), BoardHub.RoomGroup(roomId));
        }

        BoardLog.BoardRenamed(logger, boardId, roomId);
        return info;
    }

    /// <inheritdoc />
    public async Task<BoardInfo> ImportBoardAsync(Guid roomId, string json, CancellationToken cancellationToken = default)
    {
        BoardDocument document;
        try
        {
            document = BoardDocumentReader.Read(json, _options.MaxElementsPerBoard);
        }
        catch (BoardException ex)
        {
            BoardLog.ImportRejected(logger, roomId, ex.Message);
            throw;
        }

        string boardName = CheckName(document.Name, DefaultBoardName, "board");
        BoardInfo info = await AddBoardAsync(roomId, boardName, document.Elements, cancellationToken);
        BoardLog.BoardImported(logger, info.Id, roomId, info.ElementCount);
        return info;
    }

    /// <inheritdoc />
    public async Task<BoardDocument?> ExportBoardAsync(Guid roomId, Guid boardId, CancellationToken cancellationToken = default)
    {
        if (await boards.FindRoomOfBoardAsync(boardId, cancellationToken) != roomId)
        {
            return null;
        }

        BoardSnapshot? snapshot = await boards.GetSnapshotAsync(boardId, cancellationToken);
        return snapshot is null
            ? null
            : new BoardDocument(BoardDocument.FormatName, BoardDocument.CurrentFormatVersion, snapshot.Name, snapshot.Elements);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        runs.ListRoomRunsAsync(roomId, cancellationToken);

    private static BoardTemplate? FindTemplate(string? templateKey)
    {
        if (string.IsNullOrWhiteSpace(templateKey))
        {
            return null;
        }

        return BoardTemplates.Find(templateKey.Trim())
            ?? throw new BoardException(
                $"There is no template '{Shorten(templateKey)}'. Use one of: {string.Join(", ", BoardTemplates.All.Select(t => t.Key))}, or leave it out for an empty board.");
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private async Task<int> CountBoardsAsync(Guid roomId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await context.Rooms.AnyAsync(r => r.Id == roomId, cancellationToken))
        {
            throw new BoardException($"Room {roomId} does not exist. Create a room on the home page.");
        }

        return await context.Boards.CountAsync(b => b.RoomId == roomId, cancellationToken);
    }

    /// <summary>
    /// Saves a new board with its elements in one transaction and sends BoardsChanged to the room's browsers.
    /// Rejects it when the room already has <see cref="BoardOptions.MaxBoardsPerRoom"/> boards.
    /// </summary>
    private async Task<BoardInfo> AddBoardAsync(Guid roomId, string name, IReadOnlyList<BoardElement> elements, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        BoardEntity board = NewBoard(roomId, name, elements, now);

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        // The count and the insert must be atomic, or parallel imports all pass the check. Writing the room row
        // first takes the write lock before anything is read: SQLite then lets one writer at a time through, and
        // a server database such as PostgreSQL locks that room's row until the commit. Either way the count
        // below counts every board committed before it.
        int rooms = await context.Rooms.Where(r => r.Id == roomId)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.LastActiveAt, now), cancellationToken);
        if (rooms == 0)
        {
            throw new BoardException($"Room {roomId} does not exist. Create a room on the home page.");
        }

        int existing = await context.Boards.CountAsync(b => b.RoomId == roomId, cancellationToken);
        if (existing >= _options.MaxBoardsPerRoom)
        {
            throw new BoardException(
                $"The room already has {existing} boards, the most it can hold ({_options.MaxBoardsPerRoom}). Reuse a board or create a new room.");
        }

        // Two boards of one name could not be distinguished in the board picker or in run names, as after importing a
        // board's own export into its room.
        List<string> names = await context.Boards.Where(b => b.RoomId == roomId).Select(b => b.Name).ToListAsync(cancellationToken);
        board.Name = UniqueName(board.Name, names);

        context.Boards.Add(board);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        try
        {
            await hub.Clients.Group(BoardHub.RoomGroup(roomId)).BoardsChanged();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            BoardLog.BroadcastFailed(logger, ex, nameof(IBoardHubClient.BoardsChanged), BoardHub.RoomGroup(roomId));
        }

        return new BoardInfo(board.Id, board.Name, board.Version, board.Elements.Count, board.UpdatedAt);
    }

    /// <summary>Returns <paramref name="name"/>, or the first of "name (2)", "name (3)", … that no board in the room has.</summary>
    internal static string UniqueName(string name, IReadOnlyCollection<string> taken)
    {
        if (!taken.Contains(name, StringComparer.Ordinal))
        {
            return name;
        }

        for (int number = 2; ; number++)
        {
            string suffix = $" ({number})";
            string candidate = name.Length + suffix.Length <= BoardLimits.MaxNameLength
                ? name + suffix
                : name[..(BoardLimits.MaxNameLength - suffix.Length)] + suffix;
            if (!taken.Contains(candidate, StringComparer.Ordinal))
            {
                return candidate;
            }
        }
    }

    private static BoardEntity NewBoard(Guid roomId, string name, IReadOnlyList<BoardElement> elements, DateTimeOffset now)
    {
        var board = new BoardEntity
        {
            Id = Guid.CreateVersion7(now),
            RoomId = roomId,
            Name = name,
            Version = 0,
            CreatedAt = now,
            UpdatedAt = now,
        };

        // Elements of a new board have no write history, so no edit conflicts with them.
        for (int i = 0; i < elements.Count; i++)
        {
            board.Elements.Add(new BoardElementEntity
            {
                BoardId = board.Id,
                ElementId = elements[i].Id,
                Type = elements[i].Type,
                PropsJson = JsonSerializer.Serialize(elements[i].Props, BoardService.Json),
                WritesJson = "{}",
                Order = i,
            });
        }

        return board;
    }

    private static RoomInfo ToRoomInfo(RoomEntity room) => new(room.Id, room.Code, room.Name, room.CreatedAt);
}
