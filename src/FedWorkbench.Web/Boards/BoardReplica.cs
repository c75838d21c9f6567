using System.Text.Json;

namespace FedWorkbench.Web.Boards;

/// <summary>
/// Applies broadcast operations to a plain copy of a board, without validation, as every browser does. Applying
/// the same <see cref="AppliedOperation"/>s in version order to the server's elements at some version yields the
/// server's elements at the last version.
/// </summary>
/// <remarks>
/// The list contains the elements in creation order: a created element goes to the end. <see cref="InDrawingOrder"/>
/// gives the order <see cref="BoardState.Elements"/> uses.
/// </remarks>
public static class BoardReplica
{
    /// <summary>Applies the changes of <paramref name="operation"/> to <paramref name="elements"/> in order.</summary>
    /// <exception cref="InvalidOperationException">A change refers to an element the list does not have, or creates one it already has: the replica missed an operation.</exception>
    public static void Apply(List<BoardElement> elements, AppliedOperation operation)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(operation);

        foreach (BoardChange change in operation.Changes)
        {
            switch (change.Kind)
            {
                case BoardChange.Create:
                    if (IndexOf(elements, change.Element!.Id) >= 0)
                    {
                        throw Missed(operation, $"element \"{change.Element.Id}\" already exists");
                    }

                    elements.Add(change.Element);
                    break;
                case BoardChange.Set:
                    int index = IndexOf(elements, change.Id!);
                    if (index < 0)
                    {
                        throw Missed(operation, $"element \"{change.Id}\" does not exist");
                    }

                    BoardElement current = elements[index];
                    var props = new Dictionary<string, JsonElement>(current.Props, StringComparer.Ordinal);
                    foreach ((string name, JsonElement value) in change.Props!)
                    {
                        props[name] = value;
                    }

                    elements[index] = current with { Props = props };
                    break;
                case BoardChange.Delete:
                    int removed = IndexOf(elements, change.Id!);
                    if (removed < 0)
                    {
                        throw Missed(operation, $"element \"{change.Id}\" does not exist");
                    }

                    elements.RemoveAt(removed);
                    break;
                default:
                    throw new InvalidOperationException($"Version {operation.Version} has a change of unknown kind \"{change.Kind}\".");
            }
        }
    }

    /// <summary>Returns <paramref name="elements"/> (in creation order) in drawing order: frames first, otherwise unchanged.</summary>
    public static IReadOnlyList<BoardElement> InDrawingOrder(IEnumerable<BoardElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return elements.Where(e => e.Type == BoardElementTypes.Frame).Concat(elements.Where(e => e.Type != BoardElementTypes.Frame)).ToArray();
    }

    /// <summary>Whether two boards hold the same elements in the same order with equal property values.</summary>
    public static bool AreEqual(IReadOnlyList<BoardElement> first, IReadOnlyList<BoardElement> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            return false;
        }

        for (int i = 0; i < first.Count; i++)
        {
            if (!AreEqual(first[i], second[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two elements have the same id, type and property values (numbers compared by value).</summary>
    public static bool AreEqual(BoardElement first, BoardElement second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Id != second.Id || first.Type != second.Type || first.Props.Count != second.Props.Count)
        {
            return false;
        }

        foreach ((string name, JsonElement value) in first.Props)
        {
            if (!second.Props.TryGetValue(name, out JsonElement other) || !JsonElement.DeepEquals(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(List<BoardElement> elements, string id) => elements.FindIndex(e => e.Id == id);

    private static InvalidOperationException Missed(AppliedOperation operation, string problem) =>
        new($"Version {operation.Version} cannot be applied: {problem}. The replica missed an operation; load a snapshot.");
}
