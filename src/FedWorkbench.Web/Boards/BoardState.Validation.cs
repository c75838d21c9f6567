using System.Text.Json;

namespace FedWorkbench.Web.Boards;

public sealed partial class BoardState
{
    /// <summary>Prefix of the operation ids the server gives to undo operations; senders may not use it.</summary>
    public const string UndoOpIdPrefix = "undo-";

    /// <summary>Prefix of the operation ids the server gives to redo operations; senders may not use it.</summary>
    public const string RedoOpIdPrefix = "redo-";

    /// <summary>
    /// Checks the shape of <paramref name="operation"/> before anything is applied: ids, kinds, types, every
    /// property against <see cref="BoardSchema"/>, connectors that would point at themselves and the number of
    /// changes. Returns null when it is valid, otherwise a message naming the element, the property and the value.
    /// </summary>
    /// <remarks>
    /// Whether the elements a change refers to still exist depends on concurrent edits, so the transaction reports
    /// that as a conflict instead. A set on an element that neither exists nor is created earlier in the operation
    /// has no type to check against here. It becomes a conflict when applied.
    /// </remarks>
    private string? Validate(BoardOperation operation)
    {
        if (!BoardLimits.IsValidId(operation.OpId))
        {
            return $"The operation id {Quote(operation.OpId)} is invalid; use 1 to {BoardLimits.MaxIdLength} characters from A–Z, a–z, 0–9, '-' and '_'.";
        }

        if (operation.OpId.StartsWith(UndoOpIdPrefix, StringComparison.Ordinal) || operation.OpId.StartsWith(RedoOpIdPrefix, StringComparison.Ordinal))
        {
            return $"The operation id {Quote(operation.OpId)} is invalid: ids starting with \"{UndoOpIdPrefix}\" or \"{RedoOpIdPrefix}\" are reserved for undo and redo.";
        }

        if (operation.BaseVersion < 0 || operation.BaseVersion > version)
        {
            return $"The operation is based on board version {operation.BaseVersion:N0}, but the board is at version {version:N0}; reload the board and try again.";
        }

        if (operation.Changes is null || operation.Changes.Count == 0)
        {
            return "The operation has no changes; send at least one create, set or delete.";
        }

        if (operation.Changes.Count > BoardLimits.MaxChangesPerOperation)
        {
            return $"The operation has {operation.Changes.Count:N0} changes; send at most {BoardLimits.MaxChangesPerOperation:N0} in one operation.";
        }

        // Types of the elements created so far in this operation, so that a later set on them is checked against
        // the right type.
        Dictionary<string, string>? createdTypes = null;
        for (int index = 0; index < operation.Changes.Count; index++)
        {
            BoardChange? change = operation.Changes[index];
            string? error = change?.Kind switch
            {
                null => $"Change {index + 1} is empty; send a create, set or delete.",
                BoardChange.Create => ValidateCreate(change.Element, index, ref createdTypes),
                BoardChange.Set => ValidateSet(change, index, createdTypes, operation.BaseVersion),
                BoardChange.Delete => BoardLimits.IsValidId(change.Id) ? null : InvalidId(index, change.Id),
                _ => $"Change {index + 1} has kind {Quote(change.Kind)}; use \"{BoardChange.Create}\", \"{BoardChange.Set}\" or \"{BoardChange.Delete}\".",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ValidateCreate(BoardElement? element, int index, ref Dictionary<string, string>? createdTypes)
    {
        if (element is null)
        {
            return $"Change {index + 1} creates no element; a create needs an element with an id, a type and properties.";
        }

        if (!BoardLimits.IsValidId(element.Id))
        {
            return InvalidId(index, element.Id);
        }

        createdTypes ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (!createdTypes.TryAdd(element.Id, element.Type ?? string.Empty))
        {
            return $"Element \"{element.Id}\" is created twice in one operation; give each new element its own id.";
        }

        BoardElementDefinition? definition = BoardSchema.Find(element.Type);
        if (definition is null)
        {
            return $"Element \"{element.Id}\" has type {Quote(element.Type)}, which is unknown; use one of {string.Join(", ", BoardElementTypes.All)}.";
        }

        IReadOnlyDictionary<string, JsonElement> props = element.Props ?? EmptyProps;
        string? error = ValidateProperties(element.Id, definition, props);
        if (error is not null || definition.Type != BoardElementTypes.Connector)
        {
            return error;
        }

        if (!props.ContainsKey(ConnectorFrom) || !props.ContainsKey(ConnectorTo))
        {
            return $"Connector \"{element.Id}\" needs \"{ConnectorFrom}\" and \"{ConnectorTo}\", the ids of the two elements it connects.";
        }

        return ValidateConnectorEnds(element.Id, props);
    }

    private string? ValidateSet(BoardChange change, int index, Dictionary<string, string>? createdTypes, long baseVersion)
    {
        string? id = change.Id;
        if (id is null || !BoardLimits.IsValidId(id))
        {
            return InvalidId(index, id);
        }

        if (change.Props is null || change.Props.Count == 0)
        {
            return $"Change {index + 1} sets no property of element \"{id}\"; send at least one property.";
        }

        string? createdType = createdTypes?.GetValueOrDefault(id);
        StoredElement? existing = createdType is null ? elements.GetValueOrDefault(id) : null;
        BoardElementDefinition? definition = BoardSchema.Find(createdType ?? existing?.Element.Type);
        if (definition is null)
        {
            return null;
        }

        // An element created after the sender's base version may have replaced a deleted element of another type
        // with the same id. The sender could not know its type, so properties it lacks become conflicts when
        // applied instead of rejecting the whole operation.
        IReadOnlyDictionary<string, JsonElement> props = change.Props;
        if (existing is not null && CreatedAfter(existing, baseVersion))
        {
            props = props.Where(p => definition.Find(p.Key) is not null).ToDictionary(StringComparer.Ordinal);
        }

        return ValidateProperties(id, definition, props)
            ?? (definition.Type == BoardElementTypes.Connector ? ValidateConnectorEnds(id, change.Props) : null);
    }

    /// <summary>Whether <paramref name="element"/> was created after <paramref name="baseVersion"/>: a create writes every property, so its oldest write is its creation.</summary>
    private static bool CreatedAfter(StoredElement element, long baseVersion) =>
        element.Writes.Count > 0 && element.Writes.Values.Min(w => w.Version) > baseVersion;

    private static string? ValidateProperties(string id, BoardElementDefinition definition, IReadOnlyDictionary<string, JsonElement> props)
    {
        foreach ((string name, JsonElement value) in props)
        {
            BoardPropertyDefinition? property = definition.Find(name);
            if (property is null)
            {
                return $"Element \"{id}\" is a {definition.Type}, which has no property {Quote(name)}; remove it.";
            }

            if (value.ValueKind == JsonValueKind.Undefined)
            {
                return $"Element \"{id}\": \"{name}\" has no value; send a value or leave the property out.";
            }

            string? problem = BoardSchema.Check(property, value);
            if (problem is not null)
            {
                return $"Element \"{id}\": {problem}";
            }
        }

        return null;
    }

    /// <summary>Rejects a connector whose "from" or "to", as given in <paramref name="props"/>, is the connector itself, or whose two ends are one element.</summary>
    private static string? ValidateConnectorEnds(string id, IReadOnlyDictionary<string, JsonElement> props)
    {
        string? from = props.TryGetValue(ConnectorFrom, out JsonElement fromValue) ? fromValue.GetString() : null;
        string? to = props.TryGetValue(ConnectorTo, out JsonElement toValue) ? toValue.GetString() : null;
        if (from == id || to == id)
        {
            string property = from == id ? ConnectorFrom : ConnectorTo;
            return $"Connector \"{id}\": \"{property}\" is \"{id}\", the connector itself; connect it to another element.";
        }

        if (from is not null && from == to)
        {
            return $"Connector \"{id}\": \"{ConnectorFrom}\" and \"{ConnectorTo}\" are both \"{from}\"; connect two different elements.";
        }

        return null;
    }

    private static string InvalidId(int index, string? id) =>
        $"Change {index + 1} names element id {Quote(id)}, which is invalid; use 1 to {BoardLimits.MaxIdLength} characters from A–Z, a–z, 0–9, '-' and '_'.";

    /// <summary>Quotes text from a request for a message: at most 40 characters, control characters replaced, "null" for null.</summary>
    internal static string Quote(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        string shown = text.Length <= 40 ? text : text[..40] + "…";
        return "\"" + string.Create(shown.Length, shown, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        }) + "\"";
    }

    private const string ConnectorFrom = "from";

    private const string ConnectorTo = "to";

    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyProps = new Dictionary<string, JsonElement>();
}
