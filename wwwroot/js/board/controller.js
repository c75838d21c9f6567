// The board controller: owns the confirmed state, the pending operations, selection, viewport and the callbacks
// to .NET, and ties the renderer, the interaction and the hub connection together.

import { BoardConnection, loadSignalR } from "./connection.js";
import { downloadBlob, exportSvg, svgToPng } from "./export.js";
import { newElementId, newOpId } from "./ids.js";
import { BoardInteraction, GRID_STEP } from "./interaction.js";
import { BoardRenderer, svgNode } from "./render.js";
import {
    acknowledge, applyChanges, applyJoinResult, applyOperation, computeView, contentBounds, copyChanges,
    deleteChanges, diffProps, emptyState, settlePending, snap,
} from "./state.js";

const MIN_SCALE = 0.1;
const MAX_SCALE = 4;

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
        this.pasteCount = 0;
        this.needsFit = true;
        this.forceSnapshot = false;
        // False until the first join: with no state yet, JoinBoard gets LastVersion null and sends a snapshot.
        this.hasState = false;
        this.earlyBroadcasts = [];
        this.acceptEarlyBroadcasts = true;
        this.disposed = false;

        host.classList.add("fwb-host");
        host.tabIndex = 0;
        if (!host.hasAttribute("aria-label")) {
            host.setAttribute("aria-label", "Board. Use the arrow keys to move the selection; press Enter to edit its text.");
        }
        this.svg = svgNode("svg", { "class": "fwb-svg", width: "100%", height: "100%" });
        host.appendChild(this.svg);
        this.renderer = new BoardRenderer(this.svg, this.prefix);
        this.renderer.setViewport(this.viewport);
        this.interaction = new BoardInteraction(this);
        this.connectAsync();
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
        this.connection = new BoardConnection(signalR, this.options, () => (this.forceSnapshot || !this.hasState ? null : this.confirmed.version), {
            stateChanged: state => {
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
            error: message => this.call("OnRejected", message),
        });
        await this.connection.start();
    }

    // ----- .NET callbacks -----

    call(method, ...args) {
        if (!this.dotnet || this.disposed) {
            return;
        }
        // The circuit may be gone (page closing); a failed callback must not break the board.
        this.dotnet.invokeMethodAsync(method, ...args).catch(error => console.warn(`Board callback ${method} failed:`, error));
    }

    notifyConnection() {
        this.call("OnConnectionChanged", this.connectionState, this.pending.length);
    }

    notifySelection() {
        const display = this.display();
        const elements = [...this.selected].map(id => display.get(id)).filter(Boolean);
        const same = elements.length === this.lastSelectionSent.length && elements.every((e, i) => e === this.lastSelectionSent[i]);
        if (same) {
            return;
        }
        this.lastSelectionSent = elements;
        this.call("OnSelectionChanged", elements.map(e => ({ id: e.id, type: e.type, props: e.props })));
    }

    // ----- server events -----

    onJoined(result) {
        const step = applyJoinResult(this.forceSnapshot ? emptyState() : this.confirmed, result);
        if (step.gap) {
            // The log returned does not continue our version: ask for a snapshot instead.
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
        // NOTE: an operation dropped that way shows once the next one arrives and its version gap triggers a resync.
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
        const here = new Set(participants.filter(p => !p.boardId || p.boardId === this.options.boardId).map(p => p.id));
        for (const id of [...this.renderer.cursors.keys()]) {
            if (!here.has(id)) {
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
        this.renderOverlay();
    }

    setOverlayExtras(extras) {
        this.overlayExtras = extras;
        this.renderOverlay();
    }

    /** Sends `changes` as one operation based on the confirmed version, and shows it at once. */
    commit(changes) {
        if (!changes || changes.length === 0) {
            return;
        }
        const op = { opId: newOpId(), baseVersion: this.confirmed.version, changes };
        this.pending = [...this.pending, op];
        this.refresh();
        this.notifyConnection();
        this.send(op);
    }

    send(op) {
        if (!this.connection) {
            return;
        }
        const wire = { opId: op.opId, baseVersion: op.baseVersion, changes: op.changes };
        this.connection.sendOperation(wire).then(result => {
            if (result === null) {
                // Offline: the operation stays pending and is resent after the next join.
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

    setViewport(viewport) {
        this.viewport = viewport;
        this.interaction?.closeEditor(true);
        // Wheel and pointer events can arrive several times per frame. The SVG changes once per frame, because
        // a change of scale makes the browser lay out every text again.
        if (this.viewportFrame) {
            return;
        }
        this.viewportFrame = requestAnimationFrame(() => {
            this.viewportFrame = 0;
            this.renderer.setViewport(this.viewport);
            this.renderOverlay();
        });
    }

    /** Converts a pointer event's position to board coordinates. */
    toBoard(e) {
        const rect = this.svg.getBoundingClientRect();
        const { x, y, scale } = this.viewport;
        return { x: (e.clientX - rect.left - x) / scale, y: (e.clientY - rect.top - y) / scale };
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

    panBy(dx, dy) {
        this.setViewport({ ...this.viewport, x: this.viewport.x + dx, y: this.viewport.y + dy });
    }

    /** Zooms by `factor` keeping the board point under the screen point (sx, sy) in place. */
    zoomAt(factor, sx, sy) {
        const { x, y, scale } = this.viewport;
        const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
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
        const scale = Math.min(1, Math.max(MIN_SCALE, Math.min((width - 2 * margin) / bounds.w, (height - 2 * margin) / bounds.h)));
        this.setViewport({
            x: width / 2 - (bounds.x + bounds.w / 2) * scale,
            y: height / 2 - (bounds.y + bounds.h / 2) * scale,
            scale,
        });
    }

    setSnap(enabled) {
        this.snapEnabled = Boolean(enabled);
        this.host.classList.toggle("fwb-snap", this.snapEnabled);
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
        // Each new element lands a little lower-right of the last one, so repeated clicks do not stack exactly.
        const offset = (this.pasteCount++ % 10) * PASTE_OFFSET;
        props.x = snap(cx - props.w / 2 + offset, GRID_STEP);
        props.y = snap(cy - props.h / 2 + offset, GRID_STEP);
        const id = newElementId();
        this.commit([{ kind: "create", element: { id, type, props } }]);
        this.setSelection(new Set([id]));
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
        try {
            const result = this.connection ? await this.connection.history(method) : null;
            if (result === null) {
                this.call("OnRejected", `The board is offline, so ${verb} is not available; it works again once the board reconnects.`);
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
            this.call("OnRejected", `Could not export the board as PNG: ${error.message}`);
        }
    }

    // ----- lifecycle -----

    /**
     * Shows another board of the same room. Pending edits of the current board that the server has not
     * confirmed are dropped.
     */
    async switchBoard(boardId) {
        // NOTE: edits made offline on the previous board are lost here; the caller may want to warn first
        // (OnConnectionChanged reports the pending count).
        this.options.boardId = boardId;
        this.confirmed = emptyState();
        this.pending = [];
        this.preview = null;
        this.selected = new Set();
        this.highlighted = new Set();
        this.needsFit = true;
        this.hasState = false;
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
        this.interaction.dispose();
        await this.connection?.dispose();
        this.svg.remove();
        this.host.classList.remove("fwb-host", "fwb-snap", "fwb-connect-mode");
    }
}
