namespace FedWorkbench.Web.Boards;

/// <summary>Who last wrote one property of an element, and in which board version.</summary>
public sealed record PropertyWrite(long Version, string Actor);

/// <summary>An element with the bookkeeping the concurrency rule needs, as stored.</summary>
/// <param name="Writes">The last write of each property.</param>
/// <param name="Order">Creation order; elements are drawn frames first, then by this order.</param>
public sealed record StoredElement(BoardElement Element, IReadOnlyDictionary<string, PropertyWrite> Writes, long Order);

/// <summary>What one <see cref="BoardState.Apply"/>, <see cref="BoardState.Undo"/> or <see cref="BoardState.Redo"/> did.</summary>
/// <param name="Result">The result returned to the sender.</param>
/// <param name="Applied">The operation to store and broadcast; null when nothing was applied.</param>
/// <param name="Upserted">Elements created or changed, to save.</param>
/// <param name="Deleted">Ids of the elements removed, to delete from storage.</param>
public sealed record BoardApplyResult(
    OperationResult Result,
    AppliedOperation? Applied,
    IReadOnlyList<StoredElement> Upserted,
    IReadOnlyList<string> Deleted);

/// <summary>
/// Returns why an operation touching <paramref name="elementIds"/> (created, changed or removed, connectors removed
/// with an element included) may not be applied, or null when it may.
/// </summary>
public delegate string? BoardLockCheck(IReadOnlyCollection<string> elementIds);

/// <summary>
/// The authoritative state of one board: validates operations against <see cref="BoardSchema"/>, applies them
/// under the concurrency rule of docs/board.md, and keeps each participant's undo and redo history.
/// Not thread-safe: the board service applies one operation at a time per board.
/// </summary>
/// <remarks>
/// The undo and redo histories and the outcomes remembered for resent operations live in memory only, so they
/// are lost when the state is loaded again (for example after a server restart). The histories are bounded by
/// <see cref="MaxHistoryLength"/> entries per participant and list, and by <see cref="MaxHistoryBytes"/> for the
/// board as a whole.
/// </remarks>
public sealed partial class BoardState
{
    /// <summary>Most operations kept in each participant's undo history, and again in their redo history; older ones are forgotten.</summary>
    public const int MaxHistoryLength = 200;

    /// <summary>Default of the byte budget of a board's undo and redo histories: 16 MiB.</summary>
    public const long DefaultMaxHistoryBytes = 16 * 1024 * 1024;

    /// <summary>Most operation outcomes kept for resent operations; the oldest are forgotten first.</summary>
    public const int MaxRememberedOutcomes = 10_000;

    private readonly Dictionary<string, StoredElement> elements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperationResult> outcomes = new(StringComparer.Ordinal);
    private readonly Queue<string> outcomeOrder = new();
    private IReadOnlyList<BoardElement>? drawingOrder;
    private long version;
    private long nextOrder;
    private readonly long maxHistoryBytes;

    /// <summary>Loads a board at <paramref name="version"/> with its stored elements.</summary>
    /// <param name="maxHistoryBytes">
    /// Budget of all participants' undo and redo entries together, measured as the JSON size of what they store;
    /// over it the oldest entries are forgotten first.
    /// </param>
    public BoardState(long version, IEnumerable<StoredElement> elements, long maxHistoryBytes = DefaultMaxHistoryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHistoryBytes);

        this.version = version;
        this.maxHistoryBytes = maxHistoryBytes;
        foreach (StoredElement element in elements)
        {
            ArgumentNullException.ThrowIfNull(element, nameof(elements));
            if (!this.elements.TryAdd(element.Element.Id, element))
            {
                throw new ArgumentException($"Element id \"{element.Element.Id}\" appears twice; each element needs its own id.", nameof(elements));
            }

            nextOrder = Math.Max(nextOrder, element.Order + 1);
        }
    }

    /// <summary>Budget of all participants' undo and redo entries together, in bytes of JSON.</summary>
    public long MaxHistoryBytes => maxHistoryBytes;

    /// <summary>The version of the last applied operation; 0 for a new board.</summary>
    public long Version => version;

    /// <summary>Number of elements on the board.</summary>
    public int Count => elements.Count;

    /// <summary>The elements in drawing order: frames first, then by creation order.</summary>
    public IReadOnlyList<BoardElement> Elements => drawingOrder ??= SortForDrawing(elements.Values);

    /// <summary>Returns the element with <paramref name="id"/> and its bookkeeping, or null.</summary>
    public StoredElement? Find(string id) => elements.GetValueOrDefault(id);

    /// <summary>
    /// Validates <paramref name="operation"/> whole (ids, types, properties, limits); an invalid one is rejected
    /// with nothing applied. A valid one is applied change by change under the concurrency rule: changes that
    /// conflict with someone else's concurrent edit are skipped and listed. Records the applied operation in
    /// <paramref name="actor"/>'s undo history and clears their redo history.
    /// </summary>
    /// <remarks>
    /// An operation whose id this state has already processed returns the earlier outcome and applies nothing. The
    /// last <see cref="MaxRememberedOutcomes"/> outcomes are kept.
    /// </remarks>
    /// <param name="actor">Public participant id of the sender.</param>
    /// <param name="maxElements">Most elements the board may hold after the operation.</param>
    /// <param name="lockCheck">Rejects the operation when it touches locked elements; null when nothing is locked for the actor.</param>
    public BoardApplyResult Apply(BoardOperation operation, string actor, int maxElements, BoardLockCheck? lockCheck = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxElements);

        if (operation.OpId is not null && outcomes.TryGetValue(operation.OpId, out OperationResult? earlier))
        {
            return new BoardApplyResult(earlier, null, [], []);
        }

        string? error = Validate(operation);
        BoardApplyResult result;
        if (error is not null)
        {
            result = Rejected(error);
        }
        else
        {
            var transaction = new Transaction(this, actor, operation.BaseVersion);
            foreach (BoardChange change in operation.Changes)
            {
                transaction.Run(change);
                if (transaction.Error is not null)
                {
                    break;
                }
            }

            if (operation.AllOrNothing && transaction.Error is null && transaction.Conflicts.Count > 0)
            {
                result = SkippedWhole(transaction);
            }
            else
            {
                result = Commit(transaction, operation.OpId!, maxElements, lockCheck);
                if (result.Applied is not null)
                {
                    RecordApplied(actor, transaction.ToEntry());
                }
            }
        }

        if (operation.OpId is not null && BoardLimits.IsValidId(operation.OpId))
        {
            Remember(operation.OpId, result.Result);
        }

        return result;
    }

    /// <summary>
    /// Ends <paramref name="transaction"/>: rejects it when it found an error, touches a locked element or would
    /// put more than <paramref name="maxElements"/> elements on the board, reports a conflict when none of its
    /// changes applied, and otherwise makes its changes the board's state at the next version.
    /// </summary>
    private BoardApplyResult Commit(Transaction transaction, string opId, int maxElements, BoardLockCheck? lockCheck)
    {
        if (transaction.Error is not null)
        {
            return Rejected(transaction.Error);
        }

        if (transaction.Applied.Count == 0)
        {
            return new BoardApplyResult(new OperationResult(OperationResult.Conflict, version, transaction.Conflicts), null, [], []);
        }

        // The overlay holds every element the changes as applied would touch, including connectors removed with a
        // deleted element, so a lock cannot be bypassed by deleting what a locked connector is attached to.
        if (lockCheck?.Invoke(transaction.Overlay.Keys) is { } locked)
        {
            return Rejected(locked);
        }

        int finalCount = elements.Count + transaction.CountChange;
        if (transaction.CountChange > 0 && finalCount > maxElements)
        {
            return Rejected(
                $"A board holds at most {maxElements:N0} elements, and this edit would bring it to {finalCount:N0}. Delete some elements first, or start another board.");
        }

        var upserted = new List<StoredElement>();
        var deleted = new List<string>();
        foreach ((string id, StoredElement? element) in transaction.Overlay)
        {
            if (element is not null)
            {
                elements[id] = element;
                upserted.Add(element);
            }
            else if (elements.Remove(id))
            {
                deleted.Add(id);
            }
        }

        version = transaction.Version;
        nextOrder = transaction.NextOrder;
        drawingOrder = null;

        var applied = new AppliedOperation(version, opId, transaction.Actor, transaction.Applied);
        var result = new OperationResult(OperationResult.Applied, version, transaction.Conflicts);
        return new BoardApplyResult(result, applied, upserted, deleted);
    }

    /// <summary>
    /// Reports an all-or-nothing operation that met a conflict: nothing of it applies. The first conflict states that
    /// the whole edit was skipped, and the others name the changes that conflicted.
    /// </summary>
    private BoardApplyResult SkippedWhole(Transaction transaction)
    {
        OperationConflict first = transaction.Conflicts[0];
        var whole = new OperationConflict(first.ElementId, null,
            "Your edit was not applied, because someone else changed part of it at the same time and its parts belong together. Make the choice again.");
        return new BoardApplyResult(new OperationResult(OperationResult.Conflict, version, [whole, .. transaction.Conflicts]), null, [], []);
    }

    private BoardApplyResult Rejected(string error) =>
        new(new OperationResult(OperationResult.Rejected, version, [], error), null, [], []);

    private void Remember(string opId, OperationResult result)
    {
        if (!outcomes.TryAdd(opId, result))
        {
            return;
        }

        outcomeOrder.Enqueue(opId);
        if (outcomeOrder.Count > MaxRememberedOutcomes)
        {
            outcomes.Remove(outcomeOrder.Dequeue());
        }
    }

    /// <summary>Sorts elements for drawing: frames first, then by creation order, then by id so that equal orders stay stable.</summary>
    internal static BoardElement[] SortForDrawing(IEnumerable<StoredElement> stored) =>
        stored
            .OrderBy(e => e.Element.Type == BoardElementTypes.Frame ? 0 : 1)
            .ThenBy(e => e.Order)
            .ThenBy(e => e.Element.Id, StringComparer.Ordinal)
            .Select(e => e.Element)
            .ToArray();
}
