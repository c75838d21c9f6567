// Pure helpers for what the facilitator set on a board: locks, dot votes and the shared viewport. The controller
// keeps the state and draws it; these functions only compute, so Node tests cover them.

/** Returns the locks of one board in the form the controller keeps: { boardLocked, ids: Set }. */
export function normalizeLocks(locks) {
    return {
        boardLocked: Boolean(locks?.boardLocked),
        ids: new Set(locks?.lockedElementIds ?? []),
    };
}

/** No lock. */
export const NO_LOCKS = Object.freeze({ boardLocked: false, ids: new Set() });

/** Returns true when `id` is locked alone or through the whole board. */
export function isLocked(locks, id) {
    return locks.boardLocked || locks.ids.has(id);
}

/**
 * Returns why `changes` may not be made under `locks`, or null. A facilitator may change everything. A create on a
 * locked board is rejected as well, because the server rejects every operation on it.
 * @param {{ boardLocked: boolean, ids: Set<string> }} locks
 * @param {object[]} changes operation changes ({ kind, id } or { kind: "create", element })
 * @param {Map<string, object>} elements the shown elements, for the label in the message
 * @param {boolean} isFacilitator
 */
export function findLockProblem(locks, changes, elements, isFacilitator) {
    if (isFacilitator || !changes?.length) {
        return null;
    }
    if (locks.boardLocked) {
        return "The facilitator locked this board, so it cannot be edited now. Wait until it is unlocked.";
    }
    for (const change of changes) {
        const id = change.id ?? change.element?.id;
        if (id && locks.ids.has(id)) {
            return `The facilitator locked ${elementLabel(elements.get(id))}, so it cannot be moved or edited.`;
        }
    }
    return null;
}

/** Radius of a note's vote button in board units, its size at 100 % zoom. */
export const VOTE_BUTTON_RADIUS = 11;

/** Smallest on-screen radius of a vote button in CSS pixels, so that it is at least 24 px wide at any zoom. */
export const MIN_VOTE_BUTTON_SCREEN_RADIUS = 12;

/** Screen distance in CSS pixels a vote button keeps from a note's corner: half a resize handle (8 px) and 3 px. */
export const VOTE_BUTTON_HANDLE_CLEARANCE = 4 + 3;

/**
 * Returns where a note's vote button goes: its centre in board units and the factor that scales it up at small
 * zoom. The centre sits inside the note's bottom-right corner, far enough that the resize handle drawn on that
 * corner of a selected note does not cover it.
 * @param {{ x: number, y: number, w: number, h: number }} props the note's box
 * @param {number} scale the board's zoom factor
 */
export function voteButtonPlacement(props, scale) {
    const factor = Math.max(1, MIN_VOTE_BUTTON_SCREEN_RADIUS / (VOTE_BUTTON_RADIUS * scale));
    const radius = VOTE_BUTTON_RADIUS * factor;
    const inset = Math.max(16, radius + VOTE_BUTTON_HANDLE_CLEARANCE / scale);
    return { x: props.x + props.w - inset, y: props.y + props.h - inset, factor };
}

/**
 * Returns the accessible name of a note's vote button, for example `Vote for note: Ideas`. Shift with Enter, Space
 * or a click takes a vote back, which the button's description says.
 */
export function voteButtonLabel(note) {
    const text = String(note?.props?.text ?? "").trim().split("\n")[0];
    if (!text) {
        return "Vote for note: (no text)";
    }
    const shortText = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    return `Vote for note: ${shortText}`;
}

/** Returns a short name of an element for messages, such as `the note "Ideas"`. */
export function elementLabel(element) {
    if (!element) {
        return "this element";
    }
    const type = element.type === "client-group" ? "client group" : element.type.replace("-", " ");
    const text = String(element.props?.text ?? "").trim().split("\n")[0];
    if (!text) {
        return `this ${type}`;
    }
    const shortText = text.length > 30 ? `${text.slice(0, 29)}…` : text;
    return `the ${type} "${shortText}"`;
}

/**
 * Returns the votes to draw on the notes of `boardId`: the person's own dots while the round is open, the totals
 * once it ended, or an empty map.
 * @param {object | null} vote the FacilitationView's vote (VoteRoundView as JSON)
 * @param {object | null} myVotes MyVotes as JSON
 * @returns {{ open: boolean, counts: Map<string, number>, remaining: number }}
 */
export function votesToShow(vote, myVotes, boardId) {
    if (!vote || vote.boardId !== boardId) {
        return { open: false, counts: new Map(), remaining: 0 };
    }
    if (vote.isOpen) {
        const own = myVotes && myVotes.voteRoundId === vote.id ? myVotes : null;
        return {
            open: true,
            counts: new Map(Object.entries(own?.votes ?? {}).filter(([, n]) => n > 0)),
            remaining: own ? own.remaining : vote.votesPerPerson,
        };
    }
    return { open: false, counts: new Map((vote.results ?? []).map(t => [t.elementId, t.votes])), remaining: 0 };
}

/** Diameter of a vote dot in board units. */
export const DOT_SIZE = 14;

/** Dots drawn on one note; more show as a number beside the last dot. */
export const MAX_DOTS_SHOWN = 10;

/**
 * Returns the centres of `count` vote dots in a row along the bottom left of a note box, at most MAX_DOTS_SHOWN,
 * wrapping to further rows when the note is narrow.
 */
export function dotPositions(count, box) {
    const shown = Math.min(count, MAX_DOTS_SHOWN);
    const step = DOT_SIZE + 4;
    const perRow = Math.max(1, Math.floor((box.w - 40) / step));
    const positions = [];
    for (let i = 0; i < shown; i++) {
        const row = Math.floor(i / perRow);
        const column = i % perRow;
        positions.push({ x: box.x + 8 + DOT_SIZE / 2 + column * step, y: box.y + box.h - 8 - DOT_SIZE / 2 - row * step });
    }
    return positions;
}

/**
 * Converts the board's internal viewport (screen = board × scale + offset) to the shared form: the board point at
 * the top-left corner of the view and the zoom.
 */
export function toSharedViewport(viewport) {
    return { x: -viewport.x / viewport.scale, y: -viewport.y / viewport.scale, zoom: viewport.scale };
}

/** Converts a shared viewport back to the internal form, clamping the zoom to [minScale, maxScale]. */
export function fromSharedViewport(shared, minScale, maxScale) {
    const zoom = Number(shared?.zoom);
    const x = Number(shared?.x);
    const y = Number(shared?.y);
    if (!Number.isFinite(zoom) || zoom <= 0 || !Number.isFinite(x) || !Number.isFinite(y)) {
        return null;
    }
    const scale = Math.min(maxScale, Math.max(minScale, zoom));
    return { x: -x * scale, y: -y * scale, scale };
}
