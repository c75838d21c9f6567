// Storage of a board's own unconfirmed operations in sessionStorage. After a reload of the tab, for example when
// the Blazor circuit was rejected, the board sends them once it is back, as after a reconnect.

/**
 * Largest stored entry, in UTF-16 code units. Browsers commonly allow about 5 MB of sessionStorage per origin (an
 * estimate, the limit differs between browsers), so one board cannot fill it.
 */
export const MAX_STORED_CHARS = 2_000_000;

const KEY_PREFIX = "fwb-pending:";

/** Returns the storage key for one board of one room. */
export function storageKey(roomCode, boardId) {
    return `${KEY_PREFIX}${roomCode}:${boardId}`;
}

/**
 * Stores the pending operations and the confirmed version, or removes the entry when nothing is pending.
 * Returns false when the entry is over MAX_STORED_CHARS or the storage rejects it. The old entry is removed then,
 * so that a reload never resends an outdated list.
 * @param {Storage | null} storage
 * @param {string} key
 * @param {number} version
 * @param {Array<{ opId: string, baseVersion: number, changes: Array<object>, allOrNothing?: boolean }>} pending
 */
export function savePending(storage, key, version, pending) {
    if (!storage) {
        return false;
    }
    try {
        if (pending.length === 0) {
            storage.removeItem(key);
            return true;
        }
        const text = JSON.stringify({
            version,
            pending: pending.map(op => ({
                opId: op.opId, baseVersion: op.baseVersion, changes: op.changes, ...(op.allOrNothing ? { allOrNothing: true } : {}),
            })),
        });
        if (text.length > MAX_STORED_CHARS) {
            storage.removeItem(key);
            return false;
        }
        storage.setItem(key, text);
        return true;
    } catch {
        // A full storage (QuotaExceededError) or one that the browser blocks keeps the edits in memory only.
        try {
            storage.removeItem(key);
        } catch {
            // The storage is unusable; nothing is left to clean up.
        }
        return false;
    }
}

/**
 * Returns the stored `{ version, pending }` for `key`, or null when there is none or it is not valid.
 * @param {Storage | null} storage
 * @param {string} key
 */
export function loadPending(storage, key) {
    let text = null;
    try {
        text = storage?.getItem(key) ?? null;
    } catch {
        return null;
    }
    if (!text) {
        return null;
    }
    try {
        const value = JSON.parse(text);
        const valid = Number.isInteger(value?.version) && Array.isArray(value.pending)
            && value.pending.every(op => typeof op?.opId === "string" && Number.isInteger(op.baseVersion) && Array.isArray(op.changes));
        return valid ? { version: value.version, pending: value.pending } : null;
    } catch {
        return null;
    }
}
