// Controller of one mounted board. It owns the confirmed state, the pending operations, the selection, the viewport
// and the callbacks to .NET, and connects the renderer, the interaction and the hub connection.

import { BoardFacilitation } from "./board-facilitation.js";
import { BoardConnection, loadSignalR } from "./connection.js";
import { downloadBlob } from "../download.js";
import { exportSvg, svgToPng } from "./export.js";
import { fromSharedViewport, toSharedViewport } from "./facilitation.js";
import { newElementId, newOpId } from "./ids.js";
import { BoardInteraction, GRID_STEP } from "./interaction.js";
import {
    changedElementCount, checkOperationSize, DEFAULT_MAX_OPERATION_BYTES, findLoopingOperation, jsonBytes, selectionPayload,
} from "./limits.js";
import { loadPending, savePending, storageKey } from "./offline-store.js";
import { findFreeSpot } from "./placement.js";
import { BoardRenderer, svgNode } from "./render.js";
import { connectionLabel, viewLabel } from "./status.js";
import {
    acknowledge, applyChanges, applyJoinResult, applyOperation, computeView, contentBounds, copyChanges,
    deleteChanges, diffProps, emptyState, settlePending,
} from "./state.js";

const MIN_SCALE = 0.1;

/** Smallest scale of fit to screen, so that a board of about 40,000 units still fits a 1,000-pixel view. */
const MIN_FIT_SCALE = 0.02;
const MAX_SCALE = 4;

/** Quiet time after the last viewport change before the SVG is redrawn at the new viewport. */
const VIEWPORT_SETTLE_MS = 120;

/** Time a message stays in the board's status chip. */
const STATUS_MESSAGE_MS = 6000;

/** Offset in board units of each paste from the copied elements. */
const PASTE_OFFSET = 20;

/**
 * Sizes and colours per type, used when the page passes no schema. They match the defaults of the server's
 * BoardSchema, which the schema option carries when it is given.
 */
const FALLBACK_DEFAULTS = {
    "server": { w: 200, h: 110, color: "#1e88e5", text: "Server" },
    "client-group": { w: 180, h: 100, color: "#43a047", text: "Client group" },
    "data-source": { w: 160, h: 90, color: "#8e24aa", text: "Data source" },
    "model": { w: 160, h: 90, color: "#00897b", text: "Model" },
    "privacy": { w: 170, h: 90, color: "#e53935", text: "Privacy mechanism" },
    "connector": { text: "", color: "#546e7a" },
    "note": { w: 180, h: 140, color: "#fff176", text: "" },
    "text": { w: 220, h: 40, color: "#263238", text: "" },
    "frame": { w: 640, h: 420, color: "#90a4ae", text: "Frame" },
};

/** Copied elements, shared by every board on the page so that copy and paste work across boards. */
let clipboard = [];

let mountCount = 0;

/** Returns the default properties of each type from the schema option (BoardSchema.Elements as JSON). */
function readSchemaDefaults(schema) {
    const defaults = {};
    for (const definition of schema ?? []) {
        const type = definition.type ?? definition.Type;
        const props = {};
        for (const property of definition.properties ?? definition.Properties ?? []) {
            const name = property.name ?? property.Name;
            const kind = property.kind ?? property.Kind;
            // Connector ends have no default; the caller sets them.
            if (kind === "ElementId" || kind === 5 || name === "from" || name === "to") {
                continue;
            }
            props[name] = property.default ?? property.Default ?? null;
        }
        defaults[type] = props;
    }
    return defaults;
}

/** Mounted board; mountBoard in board.js wraps it in the public handle. */
export class BoardController {
    constructor(host, dotnet, options) {
        this.host = host;
        this.dotnet = dotnet;
        this.options = { ...options };
        this.prefix = `fwb${++mountCount}`;
        this.defaults = readSchemaDefaults(options.schema);

        this.confirmed = emptyState();
        this.pending = [];
        this.view = this.confirmed.elements;
        this.preview = null;
        this.displayCache = null;
        this.selected = new Set();
        this.highlighted = new Set();
        this.overlayExtras = {};
        this.snapEnabled = true;
        this.connectMode = false;
        this.viewport = { x: 0, y: 0, scale: 1 };
        this.viewportFrame = 0;
        this.selfId = null;
        this.participants = [];
        this.connectionState = "connecting";
        this.lastSelectionSent = [];

        // The Blazor circuit is down from the reconnect dialog's "show" state until its "hide" state. A .NET callback
        // made then ends in a send inside blazor.web.js that rejects with nobody to catch it, so the board skips
        // callbacks meanwhile. NOTE: notices (a rejection, a launched run) raised while the circuit is down are lost.
        this.circuitDown = false;
        this.reconnectDialog = document.getElementById("components-reconnect-modal");
        this.onCircuitStateChanged = e => {
            const wasDown = this.circuitDown;
            this.circuitDown = e.detail?.state !== "hide";
            if (wasDown && !this.circuitDown) {
                // Sends the page what it missed meanwhile.
                this.lastSelectionSent = [];
                this.notifyConnection();
                this.notifySelection();
            }
        };
        this.reconnectDialog?.addEventListener("components-reconnect-state-changed", this.onCircuitStateChanged);
        this.pasteCount = 0;
        this.needsFit = true;
        this.forceSnapshot = false;
        // False until the first join. Without state, JoinBoard gets LastVersion null, so the server sends a snapshot.
        this.hasState = false;
        this.earlyBroadcasts = [];
        this.acceptEarlyBroadcasts = true;
        this.disposed = false;
        this.maxOperationBytes = options.maxOperationBytes ?? DEFAULT_MAX_OPERATION_BYTES;
        this.storage = sessionStorageOrNull();
        this.restorePending();

        host.classList.add("fwb-host");
        host.tabIndex = 0;
        if (!host.hasAttribute("aria-label")) {
            host.setAttribute("aria-label", "Board. Use the arrow keys to move the selection, and press Enter to edit its text.");
        }
        this.svg = svgNode("svg", { "class": "fwb-svg", width: "100%", height: "100%" });
        host.appendChild(this.svg);
        this.renderer = new BoardRenderer(this.svg, this.prefix);
        this.renderer.setViewport(this.viewport);
        this.facilitation = new BoardFacilitation(this);
        this.statusChip = this.addIndicator("fwb-status", "status");
        this.viewInfo = this.addIndicator("fwb-view-info", null);
        this.onBrowserOnlineChanged = () => this.notifyConnection();
        window.addEventListener("online", this.onBrowserOnlineChanged);
        window.addEventListener("offline", this.onBrowserOnlineChanged);
        this.interaction = new BoardInteraction(this);
        this.updateViewInfo();
        if (this.pending.length > 0) {
            this.refresh();
        }
        this.connectAsync();
    }

    /** Adds a small text box in a corner of the host. With `role` "status", screen readers announce its changes. */
    addIndicator(className, role) {
        const node = document.createElement("div");
        node.className = className;
        if (role) {
            node.setAttribute("role", role);
        }
        this.host.appendChild(node);
        return node;
    }

    /** Loads the pending operations that a previous page of this tab stored for this board. */
    restorePending() {
        const stored = loadPending(this.storage, storageKey(this.options.roomCode, this.options.boardId));
        if (stored) {
            this.pending = stored.pending;
        }
    }

    /** Stores the pending operations, so that a reload sends them. */
    storePending() {
        const key = storageKey(this.options.roomCode, this.options.boardId);
        if (!savePending(this.storage, key, this.confirmed.version, this.pending) && !this.storageWarned) {
            this.storageWarned = true;
            const edits = this.pending.length === 1 ? "1 unsent edit" : `${this.pending.length} unsent edits`;
            console.warn(`Board: failed to store ${edits} in sessionStorage, so reloading the page loses them. `
                + "Keep the page open until the board's status chip no longer shows edits waiting.");
        }
    }

    async connectAsync() {
        this.notifyConnection();
        let signalR;
        try {
            signalR = await loadSignalR(this.options.signalrUrl);
        } catch (error) {
            this.connectionState = "offline";
            this.notifyConnection();
            this.call("OnRejected", error.message);
            return;
        }
        if (this.disposed) {
            return;
        }
        // A null version makes the server send a snapshot.
        const lastVersion = () => (this.forceSnapshot || !this.hasState ? null : this.confirmed.version);
        this.connection = new BoardConnection(signalR, this.options, lastVersion, {
            stateChanged: state => {
                if (state === "reconnecting" || state === "offline") {
                    this.dropLoopingOperation();
                }
                this.connectionState = state;
                this.notifyConnection();
            },
            joined: result => this.onJoined(result),
            operationApplied: applied => this.onOperationApplied(applied),
            cursorMoved: position => this.onCursorMoved(position),
            cursorHidden: participantId => this.renderer.hideCursor(participantId),
            presenceChanged: participants => this.onPresenceChanged(participants),
            runLaunched: notice => this.call("OnRunLaunched", notice),
            boardsChanged: () => this.call("OnBoardsChanged"),
            locksChanged: locks => this.facilitation.onLocksChanged(locks),
            error: message => this.call("OnRejected", message),
        });
        await this.connection.start();
    }

    // ----- .NET callbacks -----

    call(method, ...args) {
        if (!this.dotnet || this.disposed || this.circuitDown) {
            return;
        }
        // The circuit may be gone, for example while the page closes, and a failed callback must not break the board.
        this.dotnet.invokeMethodAsync(method, ...args)
            .catch(error => console.warn(`Board callback ${method} failed:`, error));
    }

    notifyConnection() {
        this.storePending();
        this.call("OnConnectionChanged", this.connectionState, this.pending.length);
        if (this.statusMessageTimer) {
            return;
        }
        const state = navigator.onLine === false ? "offline" : this.connectionState;
        const label = connectionLabel(state, this.pending.length);
        this.statusChip.textContent = label;
        this.statusChip.hidden = label === "";
        this.statusChip.dataset.state = state;
    }

    /** Shows a lock message in the board's chip and as the page's notice. */
    reportLocked(message) {
        this.showStatusMessage(message);
        this.call("OnRejected", message);
    }

    /** Shows `message` in the board's chip for STATUS_MESSAGE_MS, then the connection state again. */
    showStatusMessage(message) {
        clearTimeout(this.statusMessageTimer);
        this.statusChip.textContent = message;
        this.statusChip.hidden = false;
        // Every message shown here is a rejection or a warning, so the chip takes the warning colour, not the
        // green of "connected" that it may have had a moment ago.
        this.statusChip.dataset.state = "message";
        this.statusMessageTimer = setTimeout(() => {
            this.statusMessageTimer = null;
            this.notifyConnection();
        }, STATUS_MESSAGE_MS);
    }

    notifySelection() {
        const display = this.display();
        const elements = [...this.selected].map(id => display.get(id)).filter(Boolean);
        const same = elements.length === this.lastSelectionSent.length && elements.every((e, i) => e === this.lastSelectionSent[i]);
        if (same) {
            return;
        }
        this.lastSelectionSent = elements;
        this.call("OnSelectionChanged", selectionPayload(elements));
    }

    /**
     * Drops the pending operation that the server closed the connection on twice in a row, and reports it, so
     * that an operation the server cannot take does not make the board reconnect for ever.
     */
    dropLoopingOperation() {
        const op = findLoopingOperation(this.pending, Date.now());
        if (!op) {
            return;
        }
        this.pending = this.pending.filter(p => p !== op);
        this.refresh();
        const count = changedElementCount(op.changes);
        const message = `The server closed the connection each time this edit of ${count.toLocaleString("en-US")} `
            + `${count === 1 ? "element" : "elements"} was sent, so it was dropped. Select fewer elements and try again.`;
        this.showStatusMessage(message);
        this.call("OnRejected", message);
    }

    // ----- server events -----

    onJoined(result) {
        const step = applyJoinResult(this.forceSnapshot ? emptyState() : this.confirmed, result);
        if (step.gap) {
            // The returned log does not continue from the confirmed version, so join again and request a snapshot.
            this.forceSnapshot = true;
            this.connection.joined = false;
            this.connection.join();
            return;
        }

        this.forceSnapshot = false;
        this.hasState = true;
        this.confirmed = step.state;
        const appliedIds = (result.operations ?? []).map(op => op.opId);
        this.pending = settlePending(this.pending, appliedIds, this.confirmed.version);
        this.selfId = result.self?.id ?? null;
        this.onPresenceChanged(result.participants ?? []);
        this.facilitation.onJoined(result);

        this.refresh();
        if (this.needsFit && this.view.size > 0) {
            this.needsFit = false;
            this.fitToScreen();
        }
        this.call("OnBoardChanged", this.confirmed.version);

        const early = this.earlyBroadcasts;
        this.earlyBroadcasts = [];
        this.acceptEarlyBroadcasts = true;
        for (const applied of early) {
            this.onOperationApplied(applied);
        }

        // Resend in the order made, with the same opIds: the server applies each opId once.
        for (const op of this.pending) {
            this.send(op);
        }
        this.notifyConnection();
    }

    onOperationApplied(applied) {
        // A broadcast can overtake the JoinBoard result, so it waits until the result is applied. After
        // switchBoard it could also come from the previous board, and AppliedOperation has no board id, so
        // early broadcasts are dropped then.
        // NOTE: an operation dropped that way appears only when the next one arrives, because its version gap
        // then triggers a resynchronization.
        if (!this.connection.joined) {
            if (this.acceptEarlyBroadcasts) {
                this.earlyBroadcasts.push(applied);
            }
            return;
        }
        const step = applyOperation(this.confirmed, applied);
        if (step.gap) {
            // Resynchronize; broadcasts until then wait in earlyBroadcasts.
            this.connection.joined = false;
            this.earlyBroadcasts.push(applied);
            this.connection.join();
            return;
        }
        if (step.state === this.confirmed) {
            return;
        }
        this.confirmed = step.state;
        const before = this.pending.length;
        this.pending = settlePending(this.pending, [applied.opId], this.confirmed.version);
        this.refresh();
        this.call("OnBoardChanged", this.confirmed.version);
        if (this.pending.length !== before) {
            this.notifyConnection();
        }
    }

    onPresenceChanged(participants) {
        this.participants = participants;
        // A participant without a boardId counts as on this board.
        const onThisBoard = participants.filter(p => !p.boardId || p.boardId === this.options.boardId);
        const visibleIds = new Set(onThisBoard.map(p => p.id));
        for (const id of [...this.renderer.cursors.keys()]) {
            if (!visibleIds.has(id)) {
                this.renderer.hideCursor(id);
            }
        }
        this.call("OnPresenceChanged", participants, this.selfId);
    }

    onCursorMoved(position) {
        if (position.participantId === this.selfId) {
            return;
        }
        const participant = this.participants.find(p => p.id === position.participantId);
        this.renderer.showCursor(position.participantId, participant?.name ?? "…", participant?.color ?? "#607d8b", position.x, position.y);
    }

    // ----- state and rendering -----

    /** Returns the elements as shown: the view with the current gesture's preview on top. */
    display() {
        if (!this.preview) {
            return this.view;
        }
        if (!this.displayCache) {
            this.displayCache = applyChanges(this.view, diffProps(this.view, this.preview));
        }
        return this.displayCache;
    }

    refresh() {
        this.view = computeView(this.confirmed, this.pending);
        this.displayCache = null;
        const display = this.display();
        for (const id of [...this.selected]) {
            if (!display.has(id)) {
                this.selected.delete(id);
            }
        }
        this.renderer.render(display);
        this.facilitation.draw();
        this.renderOverlay();
        this.notifySelection();
    }

    renderOverlay() {
        this.renderer.renderOverlay(this.display(), this.selected, this.highlighted, this.overlayExtras);
    }

    /** Shows `propsById` (element id → new property values) on top of the view without sending anything. */
    setPreview(propsById) {
        this.preview = propsById;
        this.displayCache = null;
        this.renderer.render(this.display());
        this.facilitation.draw();
        this.renderOverlay();
    }

    setOverlayExtras(extras) {
        this.overlayExtras = extras;
        this.renderOverlay();
    }

    /**
     * Sends `changes` as one operation based on the confirmed version, and shows it at once. With `allOrNothing`, the
     * server skips the whole operation when any of its changes conflicts with someone else's edit.
     */
    commit(changes, allOrNothing = false) {
        if (!changes || changes.length === 0) {
            return;
        }
        // The server rejects edits of locked elements too; checking here keeps the edit from showing and vanishing.
        const locked = this.facilitation.findProblem(changes);
        if (locked) {
            this.refresh();
            this.reportLocked(locked);
            return;
        }
        const op = { opId: newOpId(), baseVersion: this.confirmed.version, changes, ...(allOrNothing ? { allOrNothing: true } : {}) };
        const tooLarge = checkOperationSize(op, this.maxOperationBytes);
        if (tooLarge) {
            // The gesture's preview is gone, so redrawing shows the server state plus the other pending edits.
            this.refresh();
            this.call("OnRejected", tooLarge);
            return;
        }
        op.bytes = jsonBytes(op);
        this.pending = [...this.pending, op];
        this.refresh();
        this.notifyConnection();
        this.send(op);
    }

    send(op) {
        if (!this.connection) {
            return;
        }
        const wire = { opId: op.opId, baseVersion: op.baseVersion, changes: op.changes, ...(op.allOrNothing ? { allOrNothing: true } : {}) };
        if (!this.connection.isJoined) {
            return;
        }
        // Send counts stay on the pending entry, so that dropLoopingOperation can find an edit the server closes
        // the connection on. acknowledge and settlePending keep these fields.
        for (const entry of this.pending) {
            if (entry.opId === op.opId) {
                entry.sends = (entry.sends ?? 0) + 1;
                entry.lastSentAt = Date.now();
            }
        }
        this.connection.sendOperation(wire).then(result => {
            if (result === null) {
                // The connection dropped, so the operation stays pending and is resent after the next join.
                return;
            }
            this.pending = acknowledge(this.pending, op.opId, result, this.confirmed.version);
            if (result.conflicts?.length) {
                this.call("OnConflicts", result.conflicts);
            }
            if (result.status === "rejected") {
                this.call("OnRejected", result.error ?? "The server rejected the edit.");
            }
            this.refresh();
            this.notifyConnection();
        }, error => {
            this.pending = this.pending.filter(p => p.opId !== op.opId);
            this.call("OnRejected", error.message);
            this.refresh();
            this.notifyConnection();
        });
    }

    // ----- selection -----

    setSelection(ids) {
        const next = new Set(ids);
        const same = next.size === this.selected.size && [...next].every(id => this.selected.has(id));
        if (same) {
            return;
        }
        this.selected = next;
        if (this.highlighted.size > 0) {
            this.highlighted = new Set();
        }
        this.renderOverlay();
        this.notifySelection();
    }

    selectAll() {
        this.setSelection(new Set(this.display().keys()));
    }

    // ----- viewport -----

    /**
     * Moves the view. During a burst of changes (a pan, a wheel or pinch zoom) the drawn SVG only gets a CSS
     * transform, which Chromium composites (see will-change in board.css) instead of repainting every element.
     * The SVG is redrawn once the changes stop for VIEWPORT_SETTLE_MS. Parts outside the old view stay blank
     * until then.
     */
    setViewport(viewport) {
        this.viewport = viewport;
        this.interaction?.closeEditor(true);
        // Wheel and pointer events can arrive several times per frame, so the transform changes once per frame.
        if (!this.viewportFrame) {
            this.viewportFrame = requestAnimationFrame(() => {
                this.viewportFrame = 0;
                this.applyViewportTransform();
                this.updateViewInfo();
            });
        }
        clearTimeout(this.viewportSettleTimer);
        this.viewportSettleTimer = setTimeout(() => this.settleViewport(), VIEWPORT_SETTLE_MS);
    }

    /** Shows the current viewport as a CSS transform of the SVG drawn at the renderer's viewport. */
    applyViewportTransform() {
        const drawn = this.renderer.viewport;
        const { x, y, scale } = this.viewport;
        const ratio = scale / drawn.scale;
        this.svg.style.transform = `translate(${x - drawn.x * ratio}px, ${y - drawn.y * ratio}px) scale(${ratio})`;
    }

    /** Redraws the SVG at the current viewport and removes the CSS transform. */
    settleViewport() {
        this.viewportSettleTimer = null;
        cancelAnimationFrame(this.viewportFrame);
        this.viewportFrame = 0;
        this.renderer.setViewport(this.viewport);
        this.svg.style.transform = "";
        // The vote buttons keep a minimum on-screen size, so they are redrawn for the new zoom.
        this.facilitation.draw();
        this.renderOverlay();
        this.updateViewInfo();
    }

    updateViewInfo() {
        this.viewInfo.textContent = viewLabel(this.viewport.scale, this.snapEnabled);
    }

    /** Converts a pointer event's position to board coordinates. */
    toBoard(e) {
        const origin = this.svgOrigin();
        const { x, y, scale } = this.viewport;
        return { x: (e.clientX - origin.left - x) / scale, y: (e.clientY - origin.top - y) / scale };
    }

    /**
     * Returns the SVG's top-left corner in client pixels, taken from the host's padding box, because the SVG
     * itself may carry a CSS transform while the view moves.
     */
    svgOrigin() {
        const rect = this.host.getBoundingClientRect();
        return { left: rect.left + this.host.clientLeft, top: rect.top + this.host.clientTop };
    }

    /** Returns an element's box in pixels relative to the host. */
    screenRectOf(element) {
        const { x, y, scale } = this.viewport;
        let p = element.props;
        if (element.type === "connector") {
            const from = this.display().get(p.from)?.props;
            const to = this.display().get(p.to)?.props;
            const mx = from && to ? (from.x + from.w / 2 + to.x + to.w / 2) / 2 : 0;
            const my = from && to ? (from.y + from.h / 2 + to.y + to.h / 2) / 2 : 0;
            p = { x: mx - 80, y: my - 20, w: 160, h: 40 };
        }
        return { x: p.x * scale + x, y: p.y * scale + y, w: p.w * scale, h: p.h * scale };
    }

    /** Returns the view as the board point at the top-left corner and the zoom (BoardViewport). */
    getSharedViewport() {
        return toSharedViewport(this.viewport);
    }

    /** Shows the view `shared` (a BoardViewport); ignores a malformed one. */
    setSharedViewport(shared) {
        const viewport = fromSharedViewport(shared, MIN_FIT_SCALE, MAX_SCALE);
        if (viewport) {
            this.needsFit = false;
            this.setViewport(viewport);
        }
    }

    /** Joins again with the facilitator token, so that locks no longer stop this person. */
    setFacilitatorToken(token) {
        this.options.facilitatorToken = token;
        if (this.connection) {
            this.connection.options.facilitatorToken = token;
            // Offline, the next reconnect joins with the token.
            if (this.connection.connection.state === "Connected") {
                this.connection.joined = false;
                this.connection.join();
            }
        }
    }

    panBy(dx, dy) {
        this.setViewport({ ...this.viewport, x: this.viewport.x + dx, y: this.viewport.y + dy });
    }

    /** Zooms by `factor` keeping the board point under the screen point (sx, sy) in place. */
    zoomAt(factor, sx, sy) {
        const { x, y, scale } = this.viewport;
        // Fit to screen may go below MIN_SCALE, and zooming from there must not jump to MIN_SCALE.
        const next = Math.min(MAX_SCALE, Math.max(Math.min(MIN_SCALE, scale), scale * factor));
        const ratio = next / scale;
        this.setViewport({ x: sx - (sx - x) * ratio, y: sy - (sy - y) * ratio, scale: next });
    }

    zoomBy(factor) {
        this.zoomAt(factor, this.svg.clientWidth / 2, this.svg.clientHeight / 2);
    }

    fitToScreen() {
        const bounds = contentBounds(this.display().values());
        const width = this.svg.clientWidth || this.host.clientWidth || 800;
        const height = this.svg.clientHeight || this.host.clientHeight || 600;
        if (!bounds) {
            this.setViewport({ x: width / 2, y: height / 2, scale: 1 });
            return;
        }
        const margin = 40;
        const fitScale = Math.min((width - 2 * margin) / bounds.w, (height - 2 * margin) / bounds.h);
        const scale = Math.min(1, Math.max(MIN_FIT_SCALE, fitScale));
        this.setViewport({
            x: width / 2 - (bounds.x + bounds.w / 2) * scale,
            y: height / 2 - (bounds.y + bounds.h / 2) * scale,
            scale,
        });
    }

    setSnap(enabled) {
        this.snapEnabled = Boolean(enabled);
        this.host.classList.toggle("fwb-snap", this.snapEnabled);
        this.updateViewInfo();
    }

    setConnectMode(enabled) {
        this.connectMode = Boolean(enabled);
        this.host.classList.toggle("fwb-connect-mode", this.connectMode);
    }

    // ----- edits -----

    /** Returns the default properties for a new element of `type`. */
    defaultProps(type) {
        return { ...(FALLBACK_DEFAULTS[type] ?? {}), ...(this.defaults[type] ?? {}) };
    }

    addElement(type) {
        if (type === "connector") {
            this.setConnectMode(true);
            return;
        }
        const props = this.defaultProps(type);
        const width = this.svg.clientWidth || 800;
        const height = this.svg.clientHeight || 600;
        const { x, y, scale } = this.viewport;
        const cx = (width / 2 - x) / scale;
        const cy = (height / 2 - y) / scale;
        // A random shift of up to half the element's size: two people who add an element at the same moment
        // both see the same free spot, because neither has the other's element yet.
        const shiftX = (Math.random() - 0.5) * props.w;
        const shiftY = (Math.random() - 0.5) * props.h;
        const spot = findFreeSpot(this.display().values(), cx + shiftX, cy + shiftY, props.w, props.h, GRID_STEP);
        props.x = spot.x;
        props.y = spot.y;
        const id = newElementId();
        this.commit([{ kind: "create", element: { id, type, props } }]);
        this.setSelection(new Set([id]));
        // The palette button keeps the focus otherwise, and Enter or Space would press it again.
        this.host.focus({ preventScroll: true });
    }

    createConnector(from, to) {
        const props = { ...this.defaultProps("connector"), from, to };
        delete props.x;
        delete props.y;
        delete props.w;
        delete props.h;
        const id = newElementId();
        this.commit([{ kind: "create", element: { id, type: "connector", props } }]);
        this.setConnectMode(false);
        this.setSelection(new Set([id]));
    }

    setProperties(id, props) {
        this.commit(diffProps(this.view, new Map([[id, props]])));
    }

    /**
     * Sets properties of several elements as one operation (one undo step), for example a data source's table
     * together with the client group it makes into one client per owner.
     * @param {Object<string, object>} propsById properties to set, by element id
     */
    setElementsProperties(propsById) {
        // The elements' new values belong together (a CSV file and the client count it sets), so a conflict skips all.
        this.commit(diffProps(this.view, new Map(Object.entries(propsById))), true);
    }

    /** Sets the same properties on every selected element as one operation, for example a colour. */
    setSelectionProperties(props) {
        const ids = [...this.selected].filter(id => this.view.has(id));
        this.commit(diffProps(this.view, new Map(ids.map(id => [id, props]))));
    }

    deleteSelection() {
        const changes = deleteChanges(this.view, this.selected);
        this.setSelection(new Set());
        this.commit(changes);
    }

    /** Copies the selection, plus the connectors between selected elements. */
    copySelection() {
        const view = this.view;
        const ids = new Set(this.selected);
        for (const element of view.values()) {
            if (element.type === "connector" && ids.has(element.props.from) && ids.has(element.props.to)) {
                ids.add(element.id);
            }
        }
        clipboard = [...ids].map(id => view.get(id)).filter(Boolean);
        this.pasteCount = 0;
        return clipboard.length;
    }

    paste() {
        if (clipboard.length === 0) {
            return;
        }
        this.pasteCount++;
        const offset = PASTE_OFFSET * this.pasteCount;
        const changes = copyChanges(clipboard, newElementId, offset, offset);
        this.commit(changes);
        this.setSelection(new Set(changes.map(change => change.element.id)));
    }

    duplicateSelection() {
        if (this.copySelection() > 0) {
            this.paste();
        }
    }

    async undo() {
        await this.history("Undo");
    }

    async redo() {
        await this.history("Redo");
    }

    async history(method) {
        const verb = method === "Undo" ? "undo" : "redo";
        // Never queued: an undo run after the reconnect would revert edits made since. The page's notice travels
        // over the Blazor circuit, which is often down too, so the board's chip shows the message as well.
        const offlineMessage = `${method} needs the connection to the server; your offline edits will be sent when it is back.`;
        if (!this.connection?.isJoined || navigator.onLine === false) {
            this.showStatusMessage(offlineMessage);
            this.call("OnRejected", offlineMessage);
            return;
        }
        try {
            const result = await this.connection.history(method);
            if (result === null) {
                this.showStatusMessage(offlineMessage);
                this.call("OnRejected", offlineMessage);
                return;
            }
            if (result.conflicts?.length) {
                this.call("OnConflicts", result.conflicts);
            }
            if (result.status === "rejected") {
                this.call("OnRejected", result.error ?? `The server rejected the ${verb}.`);
            }
        } catch (error) {
            this.call("OnRejected", error.message);
        }
    }

    select(ids) {
        this.setSelection(new Set((ids ?? []).filter(id => this.display().has(id))));
        this.highlighted = new Set();
        this.renderOverlay();
    }

    highlight(ids) {
        this.highlighted = new Set(ids ?? []);
        this.renderOverlay();
    }

    clearHighlights() {
        this.highlighted = new Set();
        this.renderOverlay();
    }

    // ----- cursors -----

    moveOwnCursor(x, y) {
        this.connection?.moveCursor(x, y);
    }

    hideOwnCursor() {
        this.connection?.hideCursor();
    }

    // ----- export -----

    exportSvg() {
        return exportSvg(this.view);
    }

    downloadSvg(fileName) {
        downloadBlob(new Blob([this.exportSvg()], { type: "image/svg+xml" }), fileName ?? "board.svg");
    }

    async downloadPng(fileName) {
        try {
            downloadBlob(await svgToPng(this.exportSvg(), 2), fileName ?? "board.png");
        } catch (error) {
            this.call("OnRejected", `Failed to export the board as PNG: ${error.message} Download it as SVG instead.`);
        }
    }

    // ----- lifecycle -----

    /**
     * Shows another board of the same room. Pending edits of the current board that the server has not
     * confirmed are kept in sessionStorage only, and are sent when that board is shown again in this tab.
     */
    async switchBoard(boardId) {
        this.options.boardId = boardId;
        this.confirmed = emptyState();
        this.pending = [];
        this.restorePending();
        this.preview = null;
        this.selected = new Set();
        this.highlighted = new Set();
        this.needsFit = true;
        this.hasState = false;
        this.facilitation.reset();
        this.earlyBroadcasts = [];
        this.acceptEarlyBroadcasts = false;
        this.renderer.clear();
        this.refresh();
        this.notifyConnection();
        await this.connection?.switchBoard(boardId);
    }

    async dispose() {
        this.disposed = true;
        cancelAnimationFrame(this.viewportFrame);
        clearTimeout(this.viewportSettleTimer);
        clearTimeout(this.statusMessageTimer);
        this.interaction.dispose();
        window.removeEventListener("online", this.onBrowserOnlineChanged);
        window.removeEventListener("offline", this.onBrowserOnlineChanged);
        this.reconnectDialog?.removeEventListener("components-reconnect-state-changed", this.onCircuitStateChanged);
        this.statusChip.remove();
        this.viewInfo.remove();
        await this.connection?.dispose();
        this.svg.remove();
        this.host.classList.remove("fwb-host", "fwb-snap", "fwb-connect-mode");
    }
}

/** Returns window.sessionStorage, or null where the browser blocks it (some privacy modes throw on access). */
function sessionStorageOrNull() {
    try {
        return window.sessionStorage;
    } catch {
        return null;
    }
}
