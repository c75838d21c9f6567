using System.Text.Json;

namespace FedWorkbench.Web.Boards;

public sealed partial class BoardState
{
    // NOTE: participants are never removed, so a loaded board keeps up to 2 × MaxHistoryLength entries for everyone
    // who edited it since it was loaded.
    private readonly Dictionary<string, History> histories = new(StringComparer.Ordinal);

    /// <summary>
    /// Reverts <paramref name="actor"/>'s most recent operation that is not yet undone, as a new operation. It
    /// restores only the properties that still have the values this actor's operation wrote, so changes that others
    /// made since stay. Returns a conflict result when there is nothing to undo or nothing of it can be reverted.
    /// </summary>
    /// <remarks>
    /// A created element is deleted unless someone else changed it or attached a connector of theirs since. Deleted
    /// elements come back with the properties they had, in their old order relative to each other but above the
    /// elements that stayed. A connector comes back only when both of its ends exist. An operation of which nothing
    /// can be reverted is dropped from the history, so the next undo reaches the one before it. An undo rejected
    /// because of the element limit stays in the history.
    /// </remarks>
    /// <param name="lockCheck">Rejects the undo when it touches locked elements; it then stays in the history.</param>
    public BoardApplyResult Undo(string actor, int maxElements, BoardLockCheck? lockCheck = null) =>
        RevertLatest(actor, maxElements, redo: false, lockCheck);

    /// <summary>Applies again the operation that <paramref name="actor"/> undid last, under the same rule as <see cref="Undo"/>.</summary>
    public BoardApplyResult Redo(string actor, int maxElements, BoardLockCheck? lockCheck = null) =>
        RevertLatest(actor, maxElements, redo: true, lockCheck);

    /// <summary>
    /// Reverts the newest entry of the actor's undo history, or of the redo history when <paramref name="redo"/> is
    /// true, and pushes its inverse onto the other history.
    /// </summary>
    private BoardApplyResult RevertLatest(string actor, int maxElements, bool redo, BoardLockCheck? lockCheck)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxElements);

        History history = HistoryOf(actor);
        List<HistoryEntry> source = redo ? history.Redo : history.Undo;
        List<HistoryEntry> target = redo ? history.Undo : history.Redo;
        if (source.Count == 0)
        {
            return NothingTo(redo ? "redo" : "undo");
        }

        HistoryEntry entry = source[^1];
        source.RemoveAt(source.Count - 1);
        string opIdPrefix = redo ? RedoOpIdPrefix : UndoOpIdPrefix;
        (BoardApplyResult result, HistoryEntry? inverse) = Revert(entry, actor, maxElements, opIdPrefix, lockCheck);
        if (inverse is not null)
        {
            History.Push(target, inverse);
        }
        else if (result.Result.Status == OperationResult.Rejected)
        {
            History.Push(source, entry);
        }

        return result;
    }

    /// <summary>
    /// Applies the inverse of <paramref name="entry"/> as a new operation. An undo is the inverse of an operation
    /// and a redo is the inverse of that undo, so both use this. Returns the inverse's own history entry when it
    /// was applied.
    /// </summary>
    private (BoardApplyResult Result, HistoryEntry? Inverse) Revert(
        HistoryEntry entry, string actor, int maxElements, string opIdPrefix, BoardLockCheck? lockCheck)
    {
        var transaction = new Transaction(this, actor, long.MaxValue);
        HistoryStep[] steps = entry.Steps;
        int index = steps.Length - 1;
        while (index >= 0 && transaction.Error is null)
        {
            HistoryStep step = steps[index];
            switch (step.Kind)
            {
                case HistoryStepKind.Changed:
                    // Restore the consecutive property writes of one element as one set change. Walking backwards,
                    // a property written twice keeps the earliest old value and expects the latest new value.
                    var restore = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    var expected = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    while (index >= 0 && steps[index].Kind == HistoryStepKind.Changed && steps[index].ElementId == step.ElementId)
                    {
                        restore[steps[index].Property!] = steps[index].OldValue;
                        expected.TryAdd(steps[index].Property!, steps[index].NewValue);
                        index--;
                    }

                    transaction.Set(step.ElementId, restore, expected);
                    break;
                case HistoryStepKind.Created:
                    transaction.Delete(step.ElementId, unchangedSince: entry.Version);
                    index--;
                    break;
                case HistoryStepKind.Removed:
                    // A delete removes an element and then its connectors, so the run of removals is recreated as a
                    // group: elements in their old order, then the connectors between them.
                    var recreate = new List<StoredElement>();
                    while (index >= 0 && steps[index].Kind == HistoryStepKind.Removed)
                    {
                        recreate.Add(steps[index].Element!);
                        index--;
                    }

                    recreate.Sort(static (a, b) =>
                    {
                        int byKind = IsConnector(a).CompareTo(IsConnector(b));
                        return byKind != 0 ? byKind : a.Order.CompareTo(b.Order);
                    });
                    foreach (StoredElement element in recreate)
                    {
                        transaction.Create(element.Element);
                    }

                    break;
            }
        }

        BoardApplyResult result = Commit(
            transaction, opIdPrefix + transaction.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), maxElements, lockCheck);
        return (result, result.Applied is null ? null : transaction.ToEntry());
    }

    private static bool IsConnector(StoredElement element) => element.Element.Type == BoardElementTypes.Connector;

    private BoardApplyResult NothingTo(string action) =>
        new(new OperationResult(OperationResult.Conflict, version, [], $"There is nothing to {action}."), null, [], []);

    private History HistoryOf(string actor)
    {
        if (!histories.TryGetValue(actor, out History? history))
        {
            history = new History();
            histories.Add(actor, history);
        }

        return history;
    }

    /// <summary>One participant's undo and redo histories, newest last, each at most <see cref="MaxHistoryLength"/> long.</summary>
    private sealed class History
    {
        public List<HistoryEntry> Undo { get; } = [];

        public List<HistoryEntry> Redo { get; } = [];

        public void PushUndo(HistoryEntry entry) => Push(Undo, entry);

        /// <summary>Appends <paramref name="entry"/> and drops the oldest entry when the list exceeds <see cref="MaxHistoryLength"/>.</summary>
        public static void Push(List<HistoryEntry> list, HistoryEntry entry)
        {
            list.Add(entry);
            if (list.Count > MaxHistoryLength)
            {
                list.RemoveAt(0);
            }
        }
    }

    /// <summary>What one applied operation did, step by step in the order it did it.</summary>
    /// <param name="Version">The board version the operation got.</param>
    private sealed record HistoryEntry(long Version, HistoryStep[] Steps);

    private enum HistoryStepKind
    {
        Created,
        Changed,
        Removed,
    }

    /// <summary>
    /// One step of an applied operation: an element created (<see cref="Element"/> as created), one property
    /// changed from <see cref="OldValue"/> to <see cref="NewValue"/>, or an element removed (<see cref="Element"/>
    /// as it was).
    /// </summary>
    private readonly record struct HistoryStep(
        HistoryStepKind Kind, string ElementId, string? Property, JsonElement OldValue, JsonElement NewValue, StoredElement? Element)
    {
        public static HistoryStep Created(StoredElement element) => new(HistoryStepKind.Created, element.Element.Id, null, default, default, element);

        public static HistoryStep Changed(string id, string property, JsonElement oldValue, JsonElement newValue) =>
            new(HistoryStepKind.Changed, id, property, oldValue, newValue, null);

        public static HistoryStep Removed(StoredElement element) => new(HistoryStepKind.Removed, element.Element.Id, null, default, default, element);
    }
}
