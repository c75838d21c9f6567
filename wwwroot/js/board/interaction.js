// Pointer and keyboard handling. Every gesture stays local (a preview on top of the view) until it ends, then
// becomes one operation through controller.commit.

import { intersects } from "./layout.js";
import { diffProps, elementsInside, snap } from "./state.js";

/** Distance in screen pixels a pointer must travel before a press becomes a drag. */
const DRAG_THRESHOLD = 3;

/** Grid step in board units for snapping. */
export const GRID_STEP = 10;

const MIN_SIZE = 20;

/** Returns true when keyboard input goes to a text field, where board shortcuts must not fire. */
function isTextInput(target) {
    return target instanceof HTMLElement
        && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/**
 * Connects pointer, wheel and keyboard events of the board host to the controller.
 */
export class BoardInteraction {
    constructor(controller) {
        this.controller = controller;
        this.gesture = null;
        this.spaceHeld = false;
        this.nudge = null;
        this.editor = null;
        /** Active touch points by pointer id, for two-finger pinch zoom. */
        this.touches = new Map();
        const { host, svg } = controller;

        this.listeners = [
            [svg, "pointerdown", e => this.onPointerDown(e)],
            [svg, "pointermove", e => this.onPointerMove(e)],
            [svg, "pointerup", e => this.onPointerUp(e)],
            [svg, "pointercancel", e => this.onPointerCancel(e)],
            [svg, "pointerleave", () => controller.hideOwnCursor()],
            [svg, "dblclick", e => this.onDoubleClick(e)],
            [svg, "wheel", e => this.onWheel(e), { passive: false }],
            [svg, "contextmenu", e => this.onContextMenu(e)],
            [host, "keydown", e => this.onKeyDown(e)],
            [host, "keyup", e => this.onKeyUp(e)],
            [host, "blur", () => this.onBlur()],
        ];
        for (const [target, type, handler, options] of this.listeners) {
            target.addEventListener(type, handler, options);
        }
    }

    dispose() {
        for (const [target, type, handler, options] of this.listeners) {
            target.removeEventListener(type, handler, options);
        }
        this.closeEditor(false);
    }

    // ----- pointer -----

    onPointerDown(e) {
        const c = this.controller;
        if (e.pointerType === "touch") {
            this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
            if (this.touches.size === 2) {
                // A second finger turns whatever the first one started into a pinch.
                this.cancelGesture();
                this.beginPinch();
                return;
            }
        }
        if (this.gesture) {
            return;
        }
        c.host.focus({ preventScroll: true });
        const point = c.toBoard(e);
        const target = e.target instanceof Element ? e.target : null;
        const voteButton = target?.closest("[data-vote]");
        if (voteButton && e.button === 0) {
            e.preventDefault();
            c.facilitation.castVote(voteButton.getAttribute("data-vote"), e.shiftKey ? -1 : 1);
            return;
        }
        const handle = target?.closest("[data-handle]");
        const port = target?.closest("[data-port]");
        const node = target?.closest("[data-id]");
        const id = node?.getAttribute("data-id") ?? null;
        const display = c.display();
        const element = id ? display.get(id) : null;

        if (e.button === 1 || (e.button === 0 && this.spaceHeld) || (e.pointerType === "touch" && !element && !handle && !port)) {
            e.preventDefault();
            this.begin(e, { kind: "pan", lastX: e.clientX, lastY: e.clientY });
            return;
        }
        if (e.button !== 0) {
            return;
        }
        if (c.connectMode && element && element.type !== "connector") {
            this.begin(e, { kind: "connect", from: element.id, point });
            return;
        }
        if (handle) {
            const selectedId = [...c.selected][0];
            const selected = display.get(selectedId);
            if (selected) {
                this.begin(e, { kind: "resize", id: selectedId, handle: handle.getAttribute("data-handle"), start: point, original: { ...selected.props } });
            }
            return;
        }
        if (port) {
            this.begin(e, { kind: "connect", from: port.getAttribute("data-port"), point });
            return;
        }
        if (element) {
            let selection = new Set(c.selected);
            if (e.shiftKey) {
                if (selection.has(element.id)) {
                    selection.delete(element.id);
                    c.setSelection(selection);
                    return;
                }
                selection.add(element.id);
            } else if (!selection.has(element.id)) {
                selection = new Set([element.id]);
            }
            c.setSelection(selection);
            this.beginMove(e, point, element, selection, display);
            return;
        }
        c.setConnectMode(false);
        const initial = e.shiftKey ? new Set(c.selected) : new Set();
        if (!e.shiftKey) {
            c.setSelection(initial);
        }
        this.begin(e, { kind: "rubber", start: point, initial });
    }

    beginMove(e, point, primary, selection, display) {
        const moving = new Set();
        for (const id of selection) {
            const element = display.get(id);
            if (!element || element.type === "connector") {
                continue;
            }
            moving.add(id);
            if (element.type === "frame") {
                for (const inside of elementsInside(display, element)) {
                    moving.add(inside);
                }
            }
        }
        if (moving.size === 0) {
            return;
        }
        const originals = new Map();
        for (const id of moving) {
            const { x, y } = display.get(id).props;
            originals.set(id, { x, y });
        }
        const anchor = primary.type === "connector" ? originals.values().next().value : originals.get(primary.id);
        // A locked element stays put; the message shows once the press becomes a drag, so a click still selects.
        const locked = this.controller.facilitation.findMoveProblem(moving);
        if (locked) {
            this.begin(e, { kind: "locked", message: locked });
            return;
        }
        this.begin(e, { kind: "move", start: point, originals, anchor });
    }

    begin(e, gesture) {
        this.gesture = { ...gesture, pointerId: e.pointerId, downX: e.clientX, downY: e.clientY, dragging: false };
        try {
            this.controller.svg.setPointerCapture(e.pointerId);
        } catch {
            // A pointer that is no longer active (or a synthetic event) cannot be captured; the drag still works
            // while the pointer stays over the board.
        }
    }

    beginPinch() {
        const [a, b] = [...this.touches.values()];
        this.gesture = { kind: "pinch", distance: Math.hypot(a.x - b.x, a.y - b.y), midX: (a.x + b.x) / 2, midY: (a.y + b.y) / 2 };
    }

    updatePinch() {
        const g = this.gesture;
        const [a, b] = [...this.touches.values()];
        const distance = Math.hypot(a.x - b.x, a.y - b.y);
        const midX = (a.x + b.x) / 2;
        const midY = (a.y + b.y) / 2;
        const c = this.controller;
        const origin = c.svgOrigin();
        c.panBy(midX - g.midX, midY - g.midY);
        if (g.distance > 0 && distance > 0) {
            c.zoomAt(distance / g.distance, midX - origin.left, midY - origin.top);
        }
        Object.assign(g, { distance, midX, midY });
    }

    onPointerMove(e) {
        const c = this.controller;
        if (e.pointerType === "touch" && this.touches.has(e.pointerId)) {
            this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
            if (this.gesture?.kind === "pinch") {
                this.updatePinch();
                return;
            }
        }
        const point = c.toBoard(e);
        c.moveOwnCursor(point.x, point.y);
        const g = this.gesture;
        if (!g || e.pointerId !== g.pointerId) {
            return;
        }
        if (!g.dragging && Math.hypot(e.clientX - g.downX, e.clientY - g.downY) < DRAG_THRESHOLD) {
            return;
        }
        g.dragging = true;

        switch (g.kind) {
            case "pan":
                c.panBy(e.clientX - g.lastX, e.clientY - g.lastY);
                g.lastX = e.clientX;
                g.lastY = e.clientY;
                return;
            case "move": {
                let dx = point.x - g.start.x;
                let dy = point.y - g.start.y;
                if (c.snapEnabled) {
                    dx = snap(g.anchor.x + dx, GRID_STEP) - g.anchor.x;
                    dy = snap(g.anchor.y + dy, GRID_STEP) - g.anchor.y;
                }
                g.props = new Map([...g.originals].map(([id, o]) => [id, { x: o.x + dx, y: o.y + dy }]));
                c.setPreview(g.props);
                return;
            }
            case "locked":
                if (!g.reported) {
                    g.reported = true;
                    c.reportLocked(g.message);
                }
                return;
            case "resize":
                g.props = new Map([[g.id, resizeBox(g.original, g.handle, point.x - g.start.x, point.y - g.start.y, c.snapEnabled)]]);
                c.setPreview(g.props);
                return;
            case "connect": {
                const from = c.display().get(g.from);
                if (from) {
                    const p = from.props;
                    c.setOverlayExtras({ connectLine: { x1: p.x + p.w / 2, y1: p.y + p.h / 2, x2: point.x, y2: point.y } });
                }
                return;
            }
            case "rubber": {
                const box = {
                    x: Math.min(g.start.x, point.x), y: Math.min(g.start.y, point.y),
                    w: Math.abs(point.x - g.start.x), h: Math.abs(point.y - g.start.y),
                };
                const selection = new Set(g.initial);
                for (const element of c.display().values()) {
                    if (element.type === "connector") {
                        continue;
                    }
                    const p = element.props;
                    // A frame is picked only when wholly inside the band; otherwise every band drawn inside a
                    // frame would select the frame too.
                    const inside = p.x >= box.x && p.y >= box.y && p.x + p.w <= box.x + box.w && p.y + p.h <= box.y + box.h;
                    if (element.type === "frame" ? inside : intersects(box, p)) {
                        selection.add(element.id);
                    }
                }
                c.setSelection(selection);
                c.setOverlayExtras({ rubberBand: box });
                return;
            }
            default:
                return;
        }
    }

    onPointerUp(e) {
        this.touches.delete(e.pointerId);
        if (this.gesture?.kind === "pinch") {
            if (this.touches.size < 2) {
                this.gesture = null;
            }
            return;
        }
        const g = this.gesture;
        if (!g || e.pointerId !== g.pointerId) {
            return;
        }
        const c = this.controller;
        this.gesture = null;
        if (c.svg.hasPointerCapture?.(e.pointerId)) {
            c.svg.releasePointerCapture(e.pointerId);
        }

        if (g.kind === "move" || g.kind === "resize") {
            c.setPreview(null);
            if (g.dragging && g.props) {
                c.commit(diffProps(c.view, g.props));
            }
        } else if (g.kind === "connect") {
            c.setOverlayExtras({});
            const target = document.elementFromPoint(e.clientX, e.clientY)?.closest("[data-id]");
            const to = target?.getAttribute("data-id");
            const element = to ? c.display().get(to) : null;
            if (element && element.type !== "connector" && to !== g.from) {
                c.createConnector(g.from, to);
            }
        } else if (g.kind === "rubber") {
            c.setOverlayExtras({});
        }
    }

    onPointerCancel(e) {
        this.touches.delete(e.pointerId);
        this.cancelGesture();
    }

    onContextMenu(e) {
        // The browser's context menu, for example after a long touch press, must not interrupt a pan.
        if (this.gesture?.kind === "pan") {
            e.preventDefault();
        }
    }

    cancelGesture() {
        if (!this.gesture) {
            return;
        }
        this.gesture = null;
        this.controller.setPreview(null);
        this.controller.setOverlayExtras({});
    }

    onDoubleClick(e) {
        // While the svg has pointer capture, Chromium sends dblclick to the capturing svg, so the element is
        // looked up under the pointer.
        const target = document.elementFromPoint(e.clientX, e.clientY) ?? (e.target instanceof Element ? e.target : null);
        const node = target?.closest("[data-id]");
        if (node) {
            this.openEditor(node.getAttribute("data-id"));
        }
    }

    onWheel(e) {
        e.preventDefault();
        const c = this.controller;
        // Pinch on a touchpad arrives as a wheel event with ctrlKey and small deltas, so it zooms faster per unit.
        const rate = e.ctrlKey ? 0.01 : 0.0015;
        const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
        const origin = c.svgOrigin();
        c.zoomAt(Math.exp(-delta * rate), e.clientX - origin.left, e.clientY - origin.top);
    }

    // ----- keyboard -----

    onKeyDown(e) {
        if (isTextInput(e.target)) {
            return;
        }
        const c = this.controller;
        const voteButton = e.target instanceof Element ? e.target.closest("[data-vote]") : null;
        if (voteButton && (e.key === "Enter" || e.key === " ")) {
            // Like a click: Enter or Space votes, and with Shift takes a vote back.
            e.preventDefault();
            e.stopPropagation();
            if (!e.repeat) {
                c.facilitation.castVote(voteButton.getAttribute("data-vote"), e.shiftKey ? -1 : 1);
            }
            return;
        }
        const ctrl = e.ctrlKey || e.metaKey;
        const key = e.key;
        let handled = true;

        if (key === " ") {
            this.spaceHeld = true;
        } else if (ctrl && !e.shiftKey && key.toLowerCase() === "z") {
            c.undo();
        } else if (ctrl && ((e.shiftKey && key.toLowerCase() === "z") || key.toLowerCase() === "y")) {
            c.redo();
        } else if (ctrl && key.toLowerCase() === "a") {
            c.selectAll();
        } else if (ctrl && key.toLowerCase() === "c") {
            c.copySelection();
        } else if (ctrl && key.toLowerCase() === "v") {
            c.paste();
        } else if (ctrl && key.toLowerCase() === "d") {
            c.duplicateSelection();
        } else if (key === "Delete" || key === "Backspace") {
            c.deleteSelection();
        } else if (key === "Escape") {
            c.setConnectMode(false);
            c.setSelection(new Set());
        } else if (key === "Enter" && c.selected.size === 1) {
            this.openEditor([...c.selected][0]);
        } else if (e.shiftKey && e.code === "Digit1") {
            c.fitToScreen();
        } else if (!ctrl && (key === "+" || key === "=")) {
            c.zoomBy(1.2);
        } else if (!ctrl && (key === "-" || key === "_")) {
            c.zoomBy(1 / 1.2);
        } else if (!ctrl && key.toLowerCase() === "g") {
            c.setSnap(!c.snapEnabled);
        } else if (key.startsWith("Arrow")) {
            this.nudgeBy(key, e.shiftKey);
        } else {
            handled = false;
        }
        if (handled) {
            e.preventDefault();
        }
    }

    onBlur() {
        this.spaceHeld = false;
        this.commitNudge();
    }

    onKeyUp(e) {
        if (e.key === " ") {
            this.spaceHeld = false;
        }
        if (e.key.startsWith("Arrow")) {
            this.commitNudge();
        }
    }

    /**
     * Moves the selection by one step per key press, and a held key repeats. Releasing the key sends the whole
     * move as one operation.
     */
    nudgeBy(key, large) {
        const c = this.controller;
        const step = large || c.snapEnabled ? GRID_STEP : 1;
        const directions = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
        const [dx, dy] = (directions[key] ?? [0, 0]).map(unit => unit * step);
        if (!this.nudge) {
            const display = c.display();
            const ids = [...c.selected].filter(id => display.get(id) && display.get(id).type !== "connector");
            if (ids.length === 0) {
                return;
            }
            const originals = new Map();
            for (const id of ids) {
                const { x, y } = display.get(id).props;
                originals.set(id, { x, y });
            }
            this.nudge = { originals, dx: 0, dy: 0 };
        }
        this.nudge.dx += dx;
        this.nudge.dy += dy;
        c.setPreview(this.nudgeProps());
    }

    nudgeProps() {
        const { originals, dx, dy } = this.nudge;
        return new Map([...originals].map(([id, o]) => [id, { x: o.x + dx, y: o.y + dy }]));
    }

    commitNudge() {
        if (!this.nudge) {
            return;
        }
        const props = this.nudgeProps();
        this.nudge = null;
        this.controller.setPreview(null);
        this.controller.commit(diffProps(this.controller.view, props));
    }

    // ----- text editing -----

    /** Opens a text box over the element. Ctrl+Enter or leaving the box commits the text, and Escape cancels. */
    openEditor(id) {
        const c = this.controller;
        const element = c.display().get(id);
        if (!element) {
            return;
        }
        const locked = c.facilitation.findMoveProblem([id]);
        if (locked) {
            c.reportLocked(locked);
            return;
        }
        this.closeEditor(true);

        const rect = c.screenRectOf(element);
        const textarea = document.createElement("textarea");
        textarea.className = "fwb-editor";
        textarea.value = element.props.text ?? "";
        textarea.maxLength = 2000;
        textarea.setAttribute("aria-label", "Element text");
        Object.assign(textarea.style, {
            left: `${rect.x}px`,
            top: `${rect.y}px`,
            width: `${Math.max(120, rect.w)}px`,
            height: `${Math.max(40, rect.h)}px`,
        });

        const editor = { id, textarea, original: textarea.value };
        textarea.addEventListener("keydown", e => {
            e.stopPropagation();
            if (e.key === "Escape") {
                e.preventDefault();
                this.closeEditor(false);
                c.host.focus({ preventScroll: true });
            } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                this.closeEditor(true);
                c.host.focus({ preventScroll: true });
            }
        });
        textarea.addEventListener("blur", () => this.closeEditor(true));

        this.editor = editor;
        c.host.appendChild(textarea);
        textarea.focus();
        textarea.select();
    }

    closeEditor(save) {
        const editor = this.editor;
        if (!editor) {
            return;
        }
        this.editor = null;
        const text = editor.textarea.value;
        editor.textarea.remove();
        if (save && text !== editor.original) {
            this.controller.commit(diffProps(this.controller.view, new Map([[editor.id, { text }]])));
        }
    }
}

/**
 * Returns the new box when `handle` of a box `original` is dragged by (dx, dy), keeping at least MIN_SIZE and
 * snapping the moved edges to the grid when `snapEnabled`.
 */
export function resizeBox(original, handle, dx, dy, snapEnabled) {
    let left = original.x;
    let top = original.y;
    let right = original.x + original.w;
    let bottom = original.y + original.h;
    const fit = value => (snapEnabled ? snap(value, GRID_STEP) : value);
    if (handle.includes("w")) {
        left = Math.min(fit(left + dx), right - MIN_SIZE);
    }
    if (handle.includes("e")) {
        right = Math.max(fit(right + dx), left + MIN_SIZE);
    }
    if (handle.includes("n")) {
        top = Math.min(fit(top + dy), bottom - MIN_SIZE);
    }
    if (handle.includes("s")) {
        bottom = Math.max(fit(bottom + dy), top + MIN_SIZE);
    }
    return { x: left, y: top, w: right - left, h: bottom - top };
}
