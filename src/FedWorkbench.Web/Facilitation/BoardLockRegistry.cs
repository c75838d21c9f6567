using System.Collections.Concurrent;
using System.Text.Json;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Facilitation;

/// <summary>
/// The locks of every board in memory, so that <see cref="Boards.BoardService"/> can check each operation without a
/// database read. <see cref="FacilitationService"/> stores a change in SQLite first and then calls <see cref="Set"/>.
/// Register it as a singleton. Thread-safe.
/// </summary>
/// <remarks>
/// A board's entry is read from SQLite the first time it is needed and stays for the life of the process; it holds
/// only a flag and the locked ids.
/// </remarks>
public sealed class BoardLockRegistry(IDbContextFactory<FedWorkbenchDbContext> contextFactory)
{
    private readonly ConcurrentDictionary<Guid, BoardLocks> _locks = new();

    /// <summary>Returns the board's locks, reading them from SQLite when they are not in memory yet.</summary>
    public async ValueTask<BoardLocks> GetAsync(Guid boardId, CancellationToken cancellationToken = default)
    {
        if (_locks.TryGetValue(boardId, out BoardLocks? locks))
        {
            return locks;
        }

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.Boards.AsNoTracking()
            .Where(b => b.Id == boardId)
            .Select(b => new { b.IsLocked, b.LockedElementIdsJson })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? Unlocked(boardId) : Seed(boardId, row.IsLocked, row.LockedElementIdsJson);
    }

    /// <summary>Returns the board's locks; reads SQLite synchronously when they are not in memory yet.</summary>
    public BoardLocks Get(Guid boardId) =>
        _locks.TryGetValue(boardId, out BoardLocks? locks) ? locks : GetAsync(boardId).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Keeps the locks read from a board row, unless newer ones are already in memory: a change stored after the
    /// row was read has already called <see cref="Set"/>, and must not be overwritten by the older row.
    /// </summary>
    public BoardLocks Seed(Guid boardId, bool isLocked, string lockedElementIdsJson) =>
        _locks.GetOrAdd(boardId, new BoardLocks(boardId, isLocked, ParseIds(lockedElementIdsJson)));

    /// <summary>Replaces the board's locks after the change was stored.</summary>
    public void Set(BoardLocks locks)
    {
        ArgumentNullException.ThrowIfNull(locks);
        _locks[locks.BoardId] = locks;
    }

    /// <summary>Forgets a board, for example after it was deleted.</summary>
    public void Remove(Guid boardId) => _locks.TryRemove(boardId, out _);

    /// <summary>Reads the stored JSON array of locked element ids; an empty or unreadable value is no locks.</summary>
    public static IReadOnlyList<string> ParseIds(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static BoardLocks Unlocked(Guid boardId) => new(boardId, false, []);
}
