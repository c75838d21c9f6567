// Size limits of what the board sends: operations to the board hub and the selection to the Blazor circuit. Both
// travel as one SignalR message each, and a message over the receiver's limit closes the connection instead of
// being rejected, so the board checks sizes before sending. The module uses no DOM, so Node's test runner can check it.

/** Default of options.maxOperationBytes: the largest operation, as UTF-8 JSON, that the board sends. */
export const DEFAULT_MAX_OPERATION_BYTES = 1_000_000;

/**
 * Largest selection payload, as UTF-8 JSON, sent to the page. The Blazor Server circuit closes on a message over
 * its MaximumReceiveMessageSize, 32 KB by default, and the invocation adds its own framing. At 1,000 elements with
 * generated 12-character ids, the ids alone take 22,000 bytes.
 */
export const MAX_SELECTION_BYTES = 24_000;

/** Time after a send within which a closed connection counts as caused by that send. */
export const LOOP_WINDOW_MS = 5000;

const encoder = new TextEncoder();

/** Returns the size in bytes of `value` serialized as UTF-8 JSON. */
export function jsonBytes(value) {
    return encoder.encode(JSON.stringify(value)).length;
}

/** Returns the number of elements an operation's changes create, set or delete. */
export function changedElementCount(changes) {
    return new Set(changes.map(change => change.element?.id ?? change.id)).size;
}

/** Formats a byte count in kilobytes (1,000 bytes) with no decimals, at least 1. */
export function kilobytes(bytes) {
    return `${Math.max(1, Math.round(bytes / 1000)).toLocaleString("en-US")} KB`;
}

/**
 * Returns null when `operation` fits in `maxBytes`, or the message that explains why it is not sent.
 * @param {{ changes: Array<object> }} operation in the wire shape
 * @param {number} maxBytes
 */
export function checkOperationSize(operation, maxBytes) {
    const bytes = jsonBytes(operation);
    if (bytes <= maxBytes) {
        return null;
    }
    const count = changedElementCount(operation.changes);
    const noun = count === 1 ? "element" : "elements";
    return `This edit changes ${count.toLocaleString("en-US")} ${noun} (${kilobytes(bytes)}); edits are limited to `
        + `${kilobytes(maxBytes)}. Select fewer elements and try again.`;
}

/**
 * Builds the selection sent to the page's OnSelectionChanged. One element comes whole. Several come as
 * `{ id, type, props: { color } }`. When that is over `maxBytes` they come as `{ id, type }`, and then as `{ id }`,
 * so that the page can always show the count and act on the ids.
 * @param {Array<{ id: string, type: string, props: object }>} elements the selected elements
 * @param {number} maxBytes
 */
export function selectionPayload(elements, maxBytes = MAX_SELECTION_BYTES) {
    if (elements.length === 1) {
        const [e] = elements;
        return [{ id: e.id, type: e.type, props: e.props }];
    }
    const shapes = [
        e => ({ id: e.id, type: e.type, props: { color: e.props.color } }),
        e => ({ id: e.id, type: e.type }),
        e => ({ id: e.id }),
    ];
    let payload = [];
    for (const shape of shapes) {
        payload = elements.map(shape);
        if (jsonBytes(payload) <= maxBytes) {
            return payload;
        }
    }
    // NOTE: only ids near the 64-character maximum on a board near 1,000 elements get here, and the page may then
    // drop the message.
    return payload;
}

/**
 * Returns the pending operation to drop because the server keeps closing the connection when it arrives, or null.
 * An operation qualifies when it was sent at least twice without a result (no ackVersion) and last sent within
 * LOOP_WINDOW_MS of `closedAt`. Of several, the largest is taken, because a too large message is the usual cause.
 * @param {Array<{ opId: string, sends?: number, lastSentAt?: number, bytes?: number }>} pending
 * @param {number} closedAt milliseconds, on the same clock as lastSentAt
 */
export function findLoopingOperation(pending, closedAt) {
    // NOTE: a connection lost twice for another reason, such as a server restarted twice in a row, within
    // LOOP_WINDOW_MS of a resend also drops that edit. The board then shows a message, and the user can redo it.
    let found = null;
    for (const op of pending) {
        const recent = op.lastSentAt !== undefined && closedAt - op.lastSentAt <= LOOP_WINDOW_MS;
        const unanswered = op.ackVersion === undefined;
        if ((op.sends ?? 0) >= 2 && recent && unanswered && (found === null || (op.bytes ?? 0) > (found.bytes ?? 0))) {
            found = op;
        }
    }
    return found;
}
