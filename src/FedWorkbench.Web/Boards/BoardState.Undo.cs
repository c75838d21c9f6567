using System.Runtime.InteropServices;
using System.Text.Json;

namespace FedWorkbench.Web.Boards;

public sealed partial class BoardState
{
    // A participant's history is removed once both of its lists are empty, so people who left stop costing memory
    // when their entries age out of the byte budget; the whole history goes when the board leaves memory.
    private readonly Dictionary<string, History> histories = new(StringComparer.Ordinal);

    // Every entry in any participant's undo or redo list, oldest first, for dropping the oldest over the budget.
    private readonly LinkedList<HistoryEntry> historyAge = new();
    private long historyBytes;

    /// <summary>Estimated size of all undo and redo entries of this board, in bytes of JSON; at most <see cref="MaxHistoryBytes"/>.</summary>
    public long HistoryBytes => historyBytes;

    /// <summary>Number of undo and redo entries kept for all participants together.</summary>
    public int HistoryEntryCount => historyAge.Count;

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
        Forget(source, entry);
        string opIdPrefix = redo ? RedoOpIdPrefix : UndoOpIdPrefix;
        (BoardApplyResult result, HistoryEntry? inverse) = Revert(entry, actor, maxElements, opIdPrefix, lockCheck);
        if (inverse is not null)
        {
            Keep(actor, target, inverse);
        }
        else if (result.Result.Status == OperationResult.Rejected)
        {
            // Put back on top of the list; for the byte budget it counts as the newest entry.
            Keep(actor, source, entry);
        }
        else
        {
            DropIfEmpty(actor, history);
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

    /// <summary>Records <paramref name="entry"/> in <paramref name="actor"/>'s history after an applied operation and clears their redo history.</summary>
    private void RecordApplied(string actor, HistoryEntry entry)
    {
        History history = HistoryOf(actor);
        while (history.Redo.Count > 0)
        {
            Forget(history.Redo, history.Redo[^1]);
        }

        Keep(actor, history.Undo, entry);
    }

    /// <summary>
    /// Appends <paramref name="entry"/> to <paramref name="list"/> of <paramref name="actor"/>'s history, then drops
    /// the oldest entry of that list over <see cref="MaxHistoryLength"/> and the oldest entries of the board over
    /// <see cref="MaxHistoryBytes"/>. The newest entry itself stays even when it alone is over the budget, so the
    /// last operation can always be undone.
    /// </summary>
    private void Keep(string actor, List<HistoryEntry> list, HistoryEntry entry)
    {
        entry.Owner = list;
        entry.OwnerActor = actor;
        list.Add(entry);
        entry.Node = historyAge.AddLast(entry);
        historyBytes += entry.Bytes;
        if (list.Count > MaxHistoryLength)
        {
            Forget(list, list[0]);
        }

        while (historyBytes > maxHistoryBytes && historyAge.First is { } oldest && oldest.Value != entry)
        {
            HistoryEntry dropped = oldest.Value;
            string owner = dropped.OwnerActor!;
            Forget(dropped.Owner!, dropped);
            if (histories.TryGetValue(owner, out History? ownerHistory))
            {
                DropIfEmpty(owner, ownerHistory);
            }
        }
    }

    /// <summary>Removes <paramref name="entry"/> from <paramref name="list"/> and from the byte budget.</summary>
    private void Forget(List<HistoryEntry> list, HistoryEntry entry)
    {
        list.Remove(entry);
        if (entry.Node is { List: not null } node)
        {
            historyAge.Remove(node);
            historyBytes -= entry.Bytes;
        }

        entry.Node = null;
        entry.Owner = null;
    }

    private void DropIfEmpty(string actor, History history)
    {
        if (history.Undo.Count == 0 && history.Redo.Count == 0)
        {
            histories.Remove(actor);
        }
    }

    /// <summary>
    /// One participant's undo and redo histories, newest last, each at most <see cref="MaxHistoryLength"/> long;
    /// all participants' entries together stay within <see cref="MaxHistoryBytes"/>.
    /// </summary>
    private sealed class History
    {
        public List<HistoryEntry> Undo { get; } = [];

        public List<HistoryEntry> Redo { get; } = [];
    }

    /// <summary>What one applied operation did, step by step in the order it did it.</summary>
    private sealed class HistoryEntry(long version, HistoryStep[] steps)
    {
        /// <summary>The board version the operation got.</summary>
        public long Version { get; } = version;

        public HistoryStep[] Steps { get; } = steps;

        /// <summary>Estimated size of the steps in bytes: the UTF-8 JSON of their values, ids and property names.</summary>
        public long Bytes { get; } = Measure(steps);

        /// <summary>The undo or redo list this entry is in, or null when it is in none.</summary>
        public List<HistoryEntry>? Owner { get; set; }

        public string? OwnerActor { get; set; }

        /// <summary>This entry's place in the board's list of entries by age, or null when it is in none.</summary>
        public LinkedListNode<HistoryEntry>? Node { get; set; }

        private static long Measure(HistoryStep[] steps)
        {
            // A fixed allowance per step covers the object overhead and the JSON punctuation.
            const int PerStep = 64;
            long bytes = 0;
            foreach (HistoryStep step in steps)
            {
                bytes += PerStep + step.ElementId.Length + (step.Property?.Length ?? 0);
                bytes += RawLength(step.OldValue) + RawLength(step.NewValue);
                if (step.Element is { } element)
                {
                    bytes += element.Element.Type.Length;
                    foreach ((string name, JsonElement value) in element.Element.Props)
                    {
                        bytes += name.Length + RawLength(value) + 4;
                    }
                }
            }

            return bytes;
        }

        private static int RawLength(JsonElement value) =>
            value.ValueKind == JsonValueKind.Undefined ? 0 : JsonMarshal.GetRawUtf8Value(value).Length;
    }

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
