using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Facilitation;

/// <summary>The messages of edits rejected because the facilitator locked the board or an element.</summary>
internal static class LockMessages
{
    /// <summary>
    /// Returns why touching <paramref name="elementIds"/> is not allowed under <paramref name="locks"/>, naming the
    /// board or the first locked element the way the board shows it; null when none of them is locked.
    /// </summary>
    /// <param name="findElement">Returns an element of the board by id, or null; used only for its label.</param>
    public static string? FindProblem(
        BoardLocks locks, string? boardName, IReadOnlyCollection<string> elementIds, Func<string, BoardElement?> findElement)
    {
        if (elementIds.Count == 0)
        {
            return null;
        }

        if (locks.BoardLocked)
        {
            string board = boardName is null ? "this board" : $"the board \"{boardName}\"";
            return $"The facilitator locked {board}, so it cannot be edited. Ask them to unlock it.";
        }

        if (locks.LockedElementIds.Count == 0)
        {
            return null;
        }

        var locked = new HashSet<string>(locks.LockedElementIds, StringComparer.Ordinal);
        foreach (string id in elementIds)
        {
            if (locked.Contains(id))
            {
                string label = findElement(id) is { } element ? BoardWords.Element(element) : $"element \"{id}\"";
                return $"The facilitator locked {label}, so it cannot be changed. Ask them to unlock it.";
            }
        }

        return null;
    }
}
