// Pure board state: the confirmed server state, the own pending operations, and the view that rebases the pending
// operations on top of the confirmed state. The module uses no DOM and no network, so Node's test runner can check it.
//
// An element is `{ id, type, props }` and is never mutated: a change makes a new object, so the renderer can find
// changed elements by identity. A Map keeps the elements in z-order (insertion order).

/**
 * Creates the confirmed state from a snapshot.
 * @param {{ version: number, elements: Array<{id: string, type: string, props: object}> }} snapshot
 */
export function fromSnapshot(snapshot) {
    const elements = new Map();
    for (const element of snapshot.elements ?? []) {
        elements.set(element.id, freezeElement(element));
    }
    return { version: snapshot.version ?? 0, elements };
}

/** Returns an empty confirmed state at version 0. */
export function emptyState() {
    return { version: 0, elements: new Map() };
}

function freezeElement(element) {
    return Object.freeze({ id: element.id, type: element.type, props: Object.freeze({ ...element.props }) });
}

/**
 * Applies changes to a copy of `elements` and returns the copy. Changes that do not fit the current state (a set or
 * delete on a missing element, a create with an existing id, a connector whose end is missing) are skipped, as the
 * server skips them as conflicts. A delete also removes the connectors attached to the deleted element.
 * @param {Map<string, object>} elements
 * @param {Array<object>} changes
 * @returns {Map<string, object>}
 */
export function applyChanges(elements, changes) {
    const result = new Map(elements);
    for (const change of changes) {
        applyChange(result, change);
    }
    return result;
}

function applyChange(elements, change) {
    switch (change.kind) {
        case "create": {
            const element = change.element;
            if (!element || elements.has(element.id)) {
                return;
            }
            if (element.type === "connector" && !(elements.has(element.props.from) && elements.has(element.props.to))) {
                return;
            }
            elements.set(element.id, freezeElement(element));
            return;
        }
        case "set": {
            const current = elements.get(change.id);
            if (!current) {
                return;
            }
            const props = { ...current.props, ...change.props };
            if (current.type === "connector" && !(elements.has(props.from) && elements.has(props.to))) {
                return;
            }
            elements.set(change.id, Object.freeze({ id: current.id, type: current.type, props: Object.freeze(props) }));
            return;
        }
        case "delete": {
            if (!elements.has(change.id)) {
                return;
            }
            elements.delete(change.id);
            for (const [id, element] of elements) {
                if (element.type === "connector" && (element.props.from === change.id || element.props.to === change.id)) {
                    elements.delete(id);
                }
            }
            return;
        }
        default:
            return;
    }
}

/**
 * Applies one AppliedOperation from the server to the confirmed state.
 * Returns `{ state, gap }`: `gap` is true when the operation skips versions, so the caller must resynchronize,
 * and the state is then unchanged. An operation at or below the current version is already applied and is ignored.
 */
export function applyOperation(confirmed, applied) {
    if (applied.version <= confirmed.version) {
        return { state: confirmed, gap: false };
    }
    if (applied.version !== confirmed.version + 1) {
        return { state: confirmed, gap: true };
    }
    return { state: { version: applied.version, elements: applyChanges(confirmed.elements, applied.changes) }, gap: false };
}

/**
 * Applies the operations that JoinBoard returned (in version order) or replaces the state with its snapshot.
 * `gap` is true when the operations do not lead from the current version to `result.version`, so the caller must
 * ask for a snapshot.
 * @returns {{ state: object, gap: boolean }}
 */
export function applyJoinResult(confirmed, result) {
    if (result.snapshot) {
        return { state: fromSnapshot(result.snapshot), gap: false };
    }
    let state = confirmed;
    for (const applied of result.operations ?? []) {
        const step = applyOperation(state, applied);
        if (step.gap) {
            return { state, gap: true };
        }
        state = step.state;
    }
    // The operations must bring the state to the server's version, or else some of them are missing.
    if (result.version !== undefined && result.version !== null && state.version !== result.version) {
        return { state, gap: true };
    }
    return { state, gap: false };
}

/**
 * Drops from `pending` the operations that the confirmed state now contains or that the server acknowledged:
 * those whose opId appears in `appliedOpIds`, and those acknowledged at a version the confirmed state has reached.
 * @param {Array<object>} pending own operations in the order they were made
 * @param {Iterable<string>} appliedOpIds
 * @param {number} confirmedVersion
 */
export function settlePending(pending, appliedOpIds, confirmedVersion) {
    const applied = new Set(appliedOpIds);
    return pending.filter(op => !applied.has(op.opId) && !(op.ackVersion !== undefined && op.ackVersion <= confirmedVersion));
}

/**
 * Records the server's OperationResult for one pending operation and returns the new pending list.
 * A conflict or rejection drops the operation, so the view falls back to the server state. An applied result
 * keeps the operation until the confirmed state reaches its version, because the broadcast may arrive after it.
 */
export function acknowledge(pending, opId, result, confirmedVersion) {
    if (result.status !== "applied") {
        return pending.filter(op => op.opId !== opId);
    }
    if (result.version <= confirmedVersion) {
        return pending.filter(op => op.opId !== opId);
    }
    return pending.map(op => (op.opId === opId ? { ...op, ackVersion: result.version } : op));
}

/**
 * Returns the view: the confirmed elements with the pending operations re-applied on top, in order.
 * With nothing pending, the confirmed Map itself is returned.
 */
export function computeView(confirmed, pending) {
    if (pending.length === 0) {
        return confirmed.elements;
    }
    let elements = confirmed.elements;
    for (const op of pending) {
        elements = applyChanges(elements, op.changes);
    }
    return elements;
}

/**
 * Builds an operation in the wire shape `{ opId, baseVersion, changes }`.
 * @param {string} opId
 * @param {number} baseVersion the confirmed version the user saw when making the change
 * @param {Array<object>} changes
 */
export function makeOperation(opId, baseVersion, changes) {
    return { opId, baseVersion, changes };
}

/**
 * Returns "set" changes for the properties in `propsById` that differ from the current elements. Unchanged
 * properties are left out, and an element with no changed property gets no change.
 * @param {Map<string, object>} elements
 * @param {Map<string, object>} propsById new property values by element id
 */
export function diffProps(elements, propsById) {
    const changes = [];
    for (const [id, props] of propsById) {
        const current = elements.get(id);
        if (!current) {
            continue;
        }
        const changed = {};
        let any = false;
        for (const [name, value] of Object.entries(props)) {
            if (!sameValue(current.props[name], value)) {
                changed[name] = value;
                any = true;
            }
        }
        if (any) {
            changes.push({ kind: "set", id, props: changed });
        }
    }
    return changes;
}

function sameValue(a, b) {
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((value, i) => value === b[i]);
    }
    return a === b;
}

/**
 * Returns the changes that delete `ids`. Connectors attached to them are deleted by the server and by
 * applyChanges, so they need no change of their own.
 */
export function deleteChanges(elements, ids) {
    return [...ids].filter(id => elements.has(id)).map(id => ({ kind: "delete", id }));
}

/**
 * Returns create changes that copy `elements` with new ids from `makeId`, moved by (dx, dy). Connectors are copied
 * only when both of their ends are copied too, and then point to the copies.
 * @param {Array<object>} elements the elements to copy, connectors included
 * @param {() => string} makeId
 */
export function copyChanges(elements, makeId, dx, dy) {
    const newIds = new Map();
    for (const element of elements) {
        newIds.set(element.id, makeId());
    }
    const changes = [];
    for (const element of elements) {
        const props = { ...element.props };
        if (element.type === "connector") {
            if (!newIds.has(props.from) || !newIds.has(props.to)) {
                continue;
            }
            props.from = newIds.get(props.from);
            props.to = newIds.get(props.to);
        } else {
            props.x = props.x + dx;
            props.y = props.y + dy;
        }
        changes.push({ kind: "create", element: { id: newIds.get(element.id), type: element.type, props } });
    }
    return changes;
}

/** Returns the ids of the connectors attached to any of `ids`. */
export function attachedConnectors(elements, ids) {
    const set = new Set(ids);
    const result = [];
    for (const element of elements.values()) {
        if (element.type === "connector" && (set.has(element.props.from) || set.has(element.props.to))) {
            result.push(element.id);
        }
    }
    return result;
}

/**
 * Returns the ids of the elements that lie wholly inside `frame` (connectors excluded), frames inside it included.
 */
export function elementsInside(elements, frame) {
    const { x, y, w, h } = frame.props;
    const result = [];
    for (const element of elements.values()) {
        if (element.id === frame.id || element.type === "connector") {
            continue;
        }
        const p = element.props;
        if (p.x >= x && p.y >= y && p.x + p.w <= x + w && p.y + p.h <= y + h) {
            result.push(element.id);
        }
    }
    return result;
}

/** Returns the bounds `{ x, y, w, h }` of the elements other than connectors, or null when there are none. */
export function contentBounds(elements) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const element of elements) {
        if (element.type === "connector") {
            continue;
        }
        const p = element.props;
        minX = Math.min(minX, p.x);
        minY = Math.min(minY, p.y);
        maxX = Math.max(maxX, p.x + p.w);
        maxY = Math.max(maxY, p.y + p.h);
    }
    return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** Rounds `value` to the nearest multiple of `step`. */
export function snap(value, step) {
    return Math.round(value / step) * step;
}
