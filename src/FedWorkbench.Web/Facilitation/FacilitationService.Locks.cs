using System.Text.Json;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Facilitation;

public sealed partial class FacilitationService
{
    /// <inheritdoc />
    public async Task<FacilitationView> SetBoardLockAsync(
        Guid roomId, string facilitatorToken, Guid boardId, bool locked, CancellationToken cancellationToken = default)
    {
        BoardLocks? changed = null;
        FacilitationView view = await ChangeAsync(roomId, facilitatorToken, locked ? "lock the board" : "unlock the board", async (context, _) =>
        {
            BoardEntity board = await FindBoardAsync(context, roomId, boardId, cancellationToken);
            board.IsLocked = locked;
            changed = new BoardLocks(boardId, locked, BoardLockRegistry.ParseIds(board.LockedElementIdsJson));
            FacilitationLog.BoardLockChanged(_logger, roomId, boardId, locked ? "locked" : "unlocked");
        }, cancellationToken, onSaved: () => _locks.Set(changed!));

        await PublishLocksAsync(roomId, changed!);
        return view;
    }

    /// <inheritdoc />
    public async Task<FacilitationView> SetElementLocksAsync(
        Guid roomId, string facilitatorToken, Guid boardId, IReadOnlyList<string> elementIds, bool locked, CancellationToken cancellationToken = default)
    {
        string[] ids = FacilitationInput.ElementIds(elementIds);
        BoardLocks? changed = null;
        FacilitationView view = await ChangeAsync(roomId, facilitatorToken, locked ? "lock elements" : "unlock elements", async (context, _) =>
        {
            BoardEntity board = await FindBoardAsync(context, roomId, boardId, cancellationToken);
            var current = new SortedSet<string>(BoardLockRegistry.ParseIds(board.LockedElementIdsJson), StringComparer.Ordinal);
            HashSet<string> existing = (await context.BoardElements
                    .Where(e => e.BoardId == boardId && ids.Contains(e.ElementId))
                    .Select(e => e.ElementId)
                    .ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);

            // Unlocking also accepts ids of deleted elements that are still locked, so that stale locks can be removed.
            string? unknown = ids.FirstOrDefault(id => !existing.Contains(id) && (locked || !current.Contains(id)));
            if (unknown is not null)
            {
                throw new FacilitationException(
                    $"Element \"{unknown}\" is not on the board \"{board.Name}\"; it may have been deleted. Select elements of that board.");
            }

            if (locked)
            {
                current.UnionWith(ids);
            }
            else
            {
                current.ExceptWith(ids);
            }

            board.LockedElementIdsJson = JsonSerializer.Serialize(current.ToArray());
            changed = new BoardLocks(boardId, board.IsLocked, [.. current]);
            FacilitationLog.ElementLocksChanged(_logger, roomId, boardId, ids.Length, locked ? "locked" : "unlocked", current.Count);
        }, cancellationToken, onSaved: () => _locks.Set(changed!));

        await PublishLocksAsync(roomId, changed!);
        return view;
    }

    private async Task PublishLocksAsync(Guid roomId, BoardLocks locks) => await _publisher.LocksChangedAsync(roomId, locks);
}
