namespace FedWorkbench.Web.Boards;

/// <summary>Who last wrote one property of an element, and in which board version.</summary>
public sealed record PropertyWrite(long Version, string Actor);

/// <summary>An element with the bookkeeping the concurrency rule needs, as stored.</summary>
/// <param name="Writes">The last write of each property.</param>
/// <param name="Order">Creation order; elements are drawn frames first, then by this order.</param>
public sealed record StoredElement(BoardElement Element, IReadOnlyDictionary<string, PropertyWrite> Writes, long Order);

/// <summary>What one <see cref="BoardState.Apply"/>, <see cref="BoardState.Undo"/> or <see cref="BoardState.Redo"/> did.</summary>
/// <param name="Result">The answer for the sender.</param>
/// <param name="Applied">The operation to store and broadcast; null when nothing was applied.</param>
/// <param name="Upserted">Elements created or changed, to save.</param>
/// <param name="Deleted">Ids of the elements removed, to delete from storage.</param>
public sealed record BoardApplyResult(
    OperationResult Result,
    AppliedOperation? Applied,
    IReadOnlyList<StoredElement> Upserted,
    IReadOnlyList<string> Deleted);

/// <summary>
/// The authoritative state of one board: validates operations against <see cref="BoardSchema"/>, applies them
/// under the concurrency rule of docs/board.md, and keeps each participant's undo and redo history.
/// Not thread-safe: the board service applies one operation at a time per board.
/// </summary>
public sealed class BoardState
{
    /// <summary>Loads a board at <paramref name="version"/> with its stored elements.</summary>
    public BoardState(long version, IEnumerable<StoredElement> elements) => throw new NotImplementedException();

    /// <summary>The version of the last applied operation; 0 for a new board.</summary>
    public long Version => throw new NotImplementedException();

    /// <summary>Number of elements on the board.</summary>
    public int Count => throw new NotImplementedException();

    /// <summary>The elements in drawing order: frames first, then by creation order.</summary>
    public IReadOnlyList<BoardElement> Elements => throw new NotImplementedException();

    /// <summary>Returns the element with <paramref name="id"/> and its bookkeeping, or null.</summary>
    public StoredElement? Find(string id) => throw new NotImplementedException();

    /// <summary>
    /// Validates <paramref name="operation"/> whole (ids, types, properties, limits); an invalid one is rejected
    /// with nothing applied. A valid one is applied change by change under the concurrency rule: changes that
    /// conflict with someone else's concurrent edit are skipped and listed. Records the applied operation in
    /// <paramref name="actor"/>'s undo history and clears their redo history.
    /// </summary>
    /// <param name="actor">Public participant id of the sender.</param>
    /// <param name="maxElements">Most elements the board may hold after the operation.</param>
    public BoardApplyResult Apply(BoardOperation operation, string actor, int maxElements) => throw new NotImplementedException();

    /// <summary>
    /// Reverts <paramref name="actor"/>'s most recent operation that is not yet undone, as a new operation: only
    /// the properties that this actor's operation still holds are restored; what others changed since stays.
    /// Returns a conflict result when there is nothing to undo or nothing of it can be reverted.
    /// </summary>
    public BoardApplyResult Undo(string actor, int maxElements) => throw new NotImplementedException();

    /// <summary>Applies again the operation that <paramref name="actor"/> undid last, under the same rule as <see cref="Undo"/>.</summary>
    public BoardApplyResult Redo(string actor, int maxElements) => throw new NotImplementedException();
}
