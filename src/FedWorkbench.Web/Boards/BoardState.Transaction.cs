using System.Text.Json;

namespace FedWorkbench.Web.Boards;

public sealed partial class BoardState
{
    /// <summary>
    /// One operation being applied. Changes go into an overlay over the board's elements, so that a rejection
    /// found halfway (or the element limit, checked at the end) leaves the board untouched; <see cref="Commit"/>
    /// copies the overlay into the board.
    /// </summary>
    private sealed class Transaction
    {
        private readonly BoardState state;
        private readonly long baseVersion;
        private readonly PropertyWrite write;

        // Ids removed by this transaction, so that deleting an element and then its connector (already removed
        // with it) is not reported as a conflict.
        private readonly HashSet<string> removedHere = new(StringComparer.Ordinal);
        private readonly List<HistoryStep> steps = [];

        /// <param name="baseVersion">The version the sender had seen; <see cref="long.MaxValue"/> for undo and redo, which check each property their own way.</param>
        public Transaction(BoardState state, string actor, long baseVersion)
        {
            this.state = state;
            this.baseVersion = baseVersion;
            Actor = actor;
            Version = state.version + 1;
            NextOrder = state.nextOrder;
            write = new PropertyWrite(Version, actor);
        }

        public string Actor { get; }

        /// <summary>The version the operation gets if it is committed.</summary>
        public long Version { get; }

        /// <summary>The order the next created element gets.</summary>
        public long NextOrder { get; private set; }

        /// <summary>Elements created, changed (the new value) or removed (null) by this transaction, by id.</summary>
        public Dictionary<string, StoredElement?> Overlay { get; } = new(StringComparer.Ordinal);

        /// <summary>The changes as applied, for the broadcast.</summary>
        public List<BoardChange> Applied { get; } = [];

        public List<OperationConflict> Conflicts { get; } = [];

        /// <summary>Elements created minus elements removed.</summary>
        public int CountChange { get; private set; }

        /// <summary>Why the operation is rejected, once a change turned out to be invalid; nothing is committed then.</summary>
        public string? Error { get; private set; }

        /// <summary>Returns the element with <paramref name="id"/>, including this transaction's uncommitted changes, or null.</summary>
        public StoredElement? Find(string id) =>
            Overlay.TryGetValue(id, out StoredElement? element) ? element : state.elements.GetValueOrDefault(id);

        /// <summary>Returns what this transaction did, for the actor's undo history.</summary>
        public HistoryEntry ToEntry() => new(Version, steps.ToArray());

        /// <summary>Applies one change of a validated operation.</summary>
        public void Run(BoardChange change)
        {
            switch (change.Kind)
            {
                case BoardChange.Create:
                    Create(change.Element!);
                    break;
                case BoardChange.Set:
                    Set(change.Id!, change.Props!, expected: null);
                    break;
                case BoardChange.Delete:
                    Delete(change.Id!, unchangedSince: null);
                    break;
                default:
                    throw new InvalidOperationException($"Change kind \"{change.Kind}\" passed validation but has no rule.");
            }
        }

        /// <summary>
        /// Adds an element with its missing properties set to the schema defaults. Conflicts when the id is taken
        /// or a connector end no longer exists.
        /// </summary>
        public void Create(BoardElement requested)
        {
            if (Find(requested.Id) is not null)
            {
                AddConflict(requested.Id, null, $"An element with id \"{requested.Id}\" already exists, so the new element was not added.");
                return;
            }

            BoardElementDefinition definition = BoardSchema.Find(requested.Type)!;
            var props = new Dictionary<string, JsonElement>(definition.Properties.Count, StringComparer.Ordinal);
            foreach (BoardPropertyDefinition property in definition.Properties)
            {
                if (requested.Props is not null && requested.Props.TryGetValue(property.Name, out JsonElement value))
                {
                    props[property.Name] = value.Clone();
                }
                else if (property.Kind != BoardPropertyKind.ElementId)
                {
                    props[property.Name] = property.Default;
                }
            }

            if (definition.Type == BoardElementTypes.Connector
                && (!CheckConnectorEnd(requested.Id, ConnectorFrom, props[ConnectorFrom]) || !CheckConnectorEnd(requested.Id, ConnectorTo, props[ConnectorTo])))
            {
                return;
            }

            var writes = new Dictionary<string, PropertyWrite>(props.Count, StringComparer.Ordinal);
            foreach (string name in props.Keys)
            {
                writes[name] = write;
            }

            var element = new StoredElement(new BoardElement(requested.Id, definition.Type, props), writes, NextOrder++);
            Overlay[requested.Id] = element;
            removedHere.Remove(requested.Id);
            CountChange++;
            Applied.Add(new BoardChange(BoardChange.Create, Element: element.Element));
            steps.Add(HistoryStep.Created(element));
        }

        /// <summary>
        /// Writes properties of an element, each one unless it conflicts. Without <paramref name="expected"/> a
        /// property conflicts when another participant wrote it after the sender's base version. With it (undo and
        /// redo) a property is written only when its last write is the actor's and it still has the expected value.
        /// </summary>
        public void Set(string id, IReadOnlyDictionary<string, JsonElement> props, IReadOnlyDictionary<string, JsonElement>? expected)
        {
            StoredElement? current = Find(id);
            if (current is null)
            {
                AddConflict(id, null, "Someone else deleted an element you changed, so your change to it was skipped.");
                return;
            }

            BoardElementDefinition definition = BoardSchema.Find(current.Element.Type)!;
            Dictionary<string, JsonElement>? newProps = null;
            Dictionary<string, PropertyWrite>? newWrites = null;
            Dictionary<string, JsonElement>? appliedProps = null;
            foreach ((string name, JsonElement value) in props)
            {
                if (definition.Find(name) is null)
                {
                    // Only reachable when a create earlier in the operation conflicted with an element of another type.
                    AddConflict(id, name, $"Element \"{id}\" is a {definition.Type}, which has no property \"{name}\", so that change was skipped.");
                    continue;
                }

                JsonElement oldValue = newProps is not null ? newProps[name] : current.Element.Props[name];
                PropertyWrite? last = current.Writes.GetValueOrDefault(name);
                if (expected is null)
                {
                    if (last is not null && last.Actor != Actor && last.Version > baseVersion)
                    {
                        AddConflict(id, name, $"Someone else changed {BoardWords.Property(name)} of {BoardWords.Element(current.Element)} at the same time; their value was kept.");
                        continue;
                    }
                }
                else if (last?.Actor != Actor || !JsonElement.DeepEquals(oldValue, expected[name]))
                {
                    AddConflict(id, name, $"Someone else changed {BoardWords.Property(name)} of {BoardWords.Element(current.Element)} since; their value was kept.");
                    continue;
                }

                if (definition.Type == BoardElementTypes.Connector && name is ConnectorFrom or ConnectorTo)
                {
                    if (!CheckConnectorEnd(id, name, value))
                    {
                        if (Error is not null)
                        {
                            return;
                        }

                        continue;
                    }

                    string otherName = name == ConnectorFrom ? ConnectorTo : ConnectorFrom;
                    JsonElement otherEnd = newProps is not null ? newProps[otherName] : current.Element.Props[otherName];
                    PropertyWrite? otherWrite = current.Writes.GetValueOrDefault(otherName);
                    bool otherEndSeen = otherWrite is null || otherWrite.Actor == Actor || otherWrite.Version <= baseVersion;
                    if (otherEnd.GetString() == value.GetString() && expected is null && otherEndSeen)
                    {
                        // The sender saw the other end, so the change itself is invalid, not concurrent.
                        Error = $"Connector \"{id}\": \"{ConnectorFrom}\" and \"{ConnectorTo}\" would both be \"{value.GetString()}\"; connect two different elements.";
                        return;
                    }

                    if (otherEnd.GetString() == value.GetString())
                    {
                        AddConflict(id, name, $"Connector \"{id}\" was changed at the same time to start and end at element \"{value.GetString()}\"; \"{name}\" was left as it was.");
                        continue;
                    }
                }

                newProps ??= new Dictionary<string, JsonElement>(current.Element.Props, StringComparer.Ordinal);
                newWrites ??= new Dictionary<string, PropertyWrite>(current.Writes, StringComparer.Ordinal);
                appliedProps ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                JsonElement stored = value.Clone();
                newProps[name] = stored;
                newWrites[name] = write;
                appliedProps[name] = stored;
                steps.Add(HistoryStep.Changed(id, name, oldValue, stored));
            }

            if (appliedProps is null)
            {
                return;
            }

            Overlay[id] = current with { Element = current.Element with { Props = newProps! }, Writes = newWrites! };
            Applied.Add(new BoardChange(BoardChange.Set, Id: id, Props: appliedProps));
        }

        /// <summary>
        /// Removes an element and the connectors attached to it, each listed as its own delete. Conflicts when the
        /// element no longer exists, or, with <paramref name="unchangedSince"/> (undo of a create), when another
        /// participant changed it or attached a connector of theirs after that version.
        /// </summary>
        public void Delete(string id, long? unchangedSince)
        {
            if (removedHere.Contains(id))
            {
                return;
            }

            StoredElement? current = Find(id);
            if (current is null)
            {
                AddConflict(id, null, "Someone else already deleted an element you deleted.");
                return;
            }

            List<StoredElement> attached = current.Element.Type == BoardElementTypes.Connector ? [] : AttachedConnectors(id);
            if (unchangedSince is long since)
            {
                if (ChangedByOthers(current, since))
                {
                    AddConflict(id, null, $"{BoardWords.Capitalize(BoardWords.Element(current.Element))} was not removed because someone else changed it since.");
                    return;
                }

                if (attached.Find(connector => ChangedByOthers(connector, since)) is StoredElement foreign)
                {
                    AddConflict(id, null, $"Element \"{id}\" was not removed because someone else connected connector \"{foreign.Element.Id}\" to it.");
                    return;
                }
            }

            Remove(current);
            foreach (StoredElement connector in attached)
            {
                Remove(connector);
            }
        }

        private void Remove(StoredElement element)
        {
            string id = element.Element.Id;
            Overlay[id] = null;
            removedHere.Add(id);
            CountChange--;
            Applied.Add(new BoardChange(BoardChange.Delete, Id: id));
            steps.Add(HistoryStep.Removed(element));
        }

        /// <summary>
        /// Checks that a connector end names an existing element that is not a connector. A missing element is a
        /// conflict; a connector is invalid and rejects the operation. Returns whether the end is usable.
        /// </summary>
        private bool CheckConnectorEnd(string connectorId, string property, JsonElement value)
        {
            string target = value.GetString()!;
            StoredElement? element = Find(target);
            if (element is null)
            {
                AddConflict(connectorId, property, $"Connector \"{connectorId}\": \"{property}\" points to element \"{target}\", which no longer exists.");
                return false;
            }

            if (element.Element.Type == BoardElementTypes.Connector)
            {
                Error = $"Connector \"{connectorId}\": \"{property}\" is \"{target}\", which is a connector; connect it to another kind of element.";
                return false;
            }

            return true;
        }

        private List<StoredElement> AttachedConnectors(string id)
        {
            var attached = new List<StoredElement>();
            foreach (StoredElement element in state.elements.Values)
            {
                if (!Overlay.ContainsKey(element.Element.Id) && IsAttached(element, id))
                {
                    attached.Add(element);
                }
            }

            foreach (StoredElement? element in Overlay.Values)
            {
                if (element is not null && IsAttached(element, id))
                {
                    attached.Add(element);
                }
            }

            attached.Sort((a, b) => a.Order.CompareTo(b.Order));
            return attached;
        }

        private static bool IsAttached(StoredElement element, string id) =>
            element.Element.Type == BoardElementTypes.Connector
            && (element.Element.Props[ConnectorFrom].ValueEquals(id) || element.Element.Props[ConnectorTo].ValueEquals(id));

        private bool ChangedByOthers(StoredElement element, long since)
        {
            foreach (PropertyWrite propertyWrite in element.Writes.Values)
            {
                if (propertyWrite.Actor != Actor && propertyWrite.Version > since)
                {
                    return true;
                }
            }

            return false;
        }

        private void AddConflict(string id, string? property, string message) => Conflicts.Add(new OperationConflict(id, property, message));
    }
}
