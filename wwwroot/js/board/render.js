// SVG rendering of the board: elements, connectors, frames, selection, highlights, cursors and the grid.
// Visual attributes are set on the nodes themselves, not through CSS classes, so an exported SVG looks the same
// without the page's stylesheet. board.css only styles interactive states.

import { FONT_FAMILY, FRAME_TITLE_HEIGHT, connectorEnds, describeElement, wrapText } from "./layout.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Element types drawn as cards with a glyph, a title and a description line. */
const CARD_TYPES = new Set(["server", "client-group", "data-source", "model", "privacy"]);

/** Glyph paths, drawn in white on a 24-unit circle centred at (0, 0). */
const GLYPHS = {
    "server": "M-6,-7h12v5h-12z M-6,1h12v5h-12z M-3,-4.5h1 M-3,3.5h1",
    "client-group": "M-7,3a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0 M2,3a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0 M-2.5,-4a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0",
    "data-source": "M-6,-4a6,2.5 0 1,0 12,0a6,2.5 0 1,0 -12,0 M-6,-4v8a6,2.5 0 0,0 12,0v-8",
    "model": "M-6,-5l12,5l-12,5z M-6,-5v10 M6,0h0",
    "privacy": "M-5,-1h10v8h-10z M-3,-1v-3a3,3 0 0,1 6,0v3",
};

/**
 * Creates an SVG element with attributes.
 * @param {string} name
 * @param {Record<string, string | number>} attributes
 */
export function svgNode(name, attributes = {}) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
        node.setAttribute(key, String(value));
    }
    return node;
}

/** Adds a <text> with one <tspan> per line. The text goes in through createTextNode, so markup stays text. */
function addLines(parent, lines, x, y, lineHeight, attributes) {
    const text = svgNode("text", { x, y, "font-family": FONT_FAMILY, ...attributes });
    lines.forEach((line, i) => {
        const span = svgNode("tspan", { x, dy: i === 0 ? 0 : lineHeight });
        span.appendChild(document.createTextNode(line));
        text.appendChild(span);
    });
    parent.appendChild(text);
    return text;
}

/** Returns the id of the arrow marker for `color`, adding it to `defs` the first time. */
export function arrowMarker(defs, prefix, color) {
    const id = `${prefix}-arrow-${color.replace(/[^0-9a-fA-F]/g, "")}`;
    if (!defs.querySelector(`#${CSS.escape(id)}`)) {
        const marker = svgNode("marker", {
            id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse",
            markerUnits: "userSpaceOnUse",
        });
        marker.appendChild(svgNode("path", { d: "M0,0L10,5L0,10z", fill: color }));
        defs.appendChild(marker);
    }
    return id;
}

/**
 * Builds the SVG group of one element (not a connector) at its position.
 * @param {{id: string, type: string, props: object}} element
 */
export function buildElementNode(element) {
    const p = element.props;
    const group = svgNode("g", { "class": `fwb-el fwb-type-${element.type}`, "data-id": element.id, transform: `translate(${p.x},${p.y})` });
    const color = p.color ?? "#90a4ae";

    if (element.type === "frame") {
        group.appendChild(svgNode("rect", {
            "class": "fwb-frame-body", width: p.w, height: p.h, rx: 6, fill: color, "fill-opacity": 0.12, stroke: color,
            "stroke-width": 1.5, "pointer-events": "none",
        }));
        group.appendChild(svgNode("rect", { "class": "fwb-frame-title fwb-hit", width: p.w, height: FRAME_TITLE_HEIGHT, rx: 6, fill: color }));
        const lines = wrapText(p.text, p.w - 20, 14, 1);
        addLines(group, lines, 10, 19, 16, { "font-size": 14, "font-weight": 600, fill: "#263238", "pointer-events": "none" });
        return group;
    }

    if (element.type === "note") {
        group.appendChild(svgNode("rect", { "class": "fwb-hit", width: p.w, height: p.h, rx: 2, fill: color, stroke: "#00000026", "stroke-width": 1 }));
        const lines = wrapText(p.text, p.w - 20, 14, Math.floor((p.h - 16) / 18));
        addLines(group, lines, 10, 24, 18, { "font-size": 14, fill: "#263238" });
        return group;
    }

    if (element.type === "text") {
        group.appendChild(svgNode("rect", { "class": "fwb-hit", width: p.w, height: p.h, fill: "transparent" }));
        const lines = wrapText(p.text, p.w - 8, 16, Math.max(1, Math.floor((p.h - 4) / 20)));
        addLines(group, lines, 4, 20, 20, { "font-size": 16, fill: color });
        return group;
    }

    // Cards: server, client group, data source, model, privacy.
    group.appendChild(svgNode("rect", { "class": "fwb-hit", width: p.w, height: p.h, rx: 10, fill: "#ffffff", stroke: color, "stroke-width": 2 }));
    const glyph = svgNode("g", { transform: "translate(22,22)" });
    glyph.appendChild(svgNode("circle", { r: 12, fill: color }));
    glyph.appendChild(svgNode("path", { d: GLYPHS[element.type] ?? "", fill: "none", stroke: "#ffffff", "stroke-width": 1.6, "stroke-linejoin": "round" }));
    group.appendChild(glyph);
    const title = wrapText(p.text, p.w - 50, 14, 1);
    addLines(group, title, 42, 27, 16, { "font-size": 14, "font-weight": 600, fill: "#263238" });
    const description = wrapText(describeElement(element), p.w - 20, 12, Math.max(0, Math.floor((p.h - 48) / 15)));
    addLines(group, description, 10, 54, 15, { "font-size": 12, fill: "#546e7a" });
    return group;
}

/**
 * Builds the SVG group of a connector between `from` and `to`, or null when an end is missing.
 * @param {SVGDefsElement} defs where its arrow marker goes
 */
export function buildConnectorNode(connector, from, to, defs, prefix) {
    if (!from || !to) {
        return null;
    }
    const p = connector.props;
    const color = p.color ?? "#546e7a";
    const { start, end } = connectorEnds(from.props, to.props);
    const group = svgNode("g", { "class": "fwb-el fwb-type-connector", "data-id": connector.id });
    group.appendChild(svgNode("line", {
        "class": "fwb-hit", x1: start.x, y1: start.y, x2: end.x, y2: end.y, stroke: "transparent", "stroke-width": 14,
    }));
    group.appendChild(svgNode("line", {
        x1: start.x, y1: start.y, x2: end.x, y2: end.y, stroke: color, "stroke-width": 2,
        "marker-end": `url(#${arrowMarker(defs, prefix, color)})`, "pointer-events": "none",
    }));
    if (p.text) {
        const lines = wrapText(p.text, 200, 12, 2);
        const width = Math.max(...lines.map(line => line.length)) * 12 * 0.56 + 10;
        const height = lines.length * 15 + 6;
        const mx = (start.x + end.x) / 2;
        const my = (start.y + end.y) / 2;
        group.appendChild(svgNode("rect", { x: mx - width / 2, y: my - height / 2, width, height, rx: 4, fill: "#ffffff", stroke: color, "stroke-width": 1 }));
        addLines(group, lines, mx, my - height / 2 + 15, 15, { "font-size": 12, fill: "#263238", "text-anchor": "middle" });
        group.querySelectorAll("tspan").forEach(span => span.setAttribute("x", String(mx)));
    }
    return group;
}

/**
 * Draws the board into an <svg> and updates only the elements whose object changed since the last render.
 */
export class BoardRenderer {
    /**
     * @param {SVGSVGElement} svg
     * @param {string} prefix unique per mounted board, for ids inside the SVG
     */
    constructor(svg, prefix) {
        this.svg = svg;
        this.prefix = prefix;
        this.defs = svgNode("defs");
        const grid = svgNode("pattern", { id: `${prefix}-grid`, width: 20, height: 20, patternUnits: "userSpaceOnUse" });
        this.gridDot = svgNode("circle", { cx: 1, cy: 1, r: 1, fill: "#cfd8dc" });
        grid.appendChild(this.gridDot);
        this.gridPattern = grid;
        this.defs.appendChild(grid);
        svg.appendChild(this.defs);
        svg.appendChild(svgNode("rect", { "class": "fwb-grid", width: "100%", height: "100%", fill: `url(#${prefix}-grid)` }));

        this.viewportGroup = svgNode("g", { "class": "fwb-viewport" });
        this.framesLayer = svgNode("g", { "class": "fwb-frames" });
        this.connectorsLayer = svgNode("g", { "class": "fwb-connectors" });
        this.elementsLayer = svgNode("g", { "class": "fwb-elements" });
        this.facilitationLayer = svgNode("g", { "class": "fwb-facilitation" });
        this.overlayLayer = svgNode("g", { "class": "fwb-overlay" });
        this.viewportGroup.append(this.framesLayer, this.connectorsLayer, this.elementsLayer, this.facilitationLayer, this.overlayLayer);
        this.cursorsLayer = svgNode("g", { "class": "fwb-cursors" });
        svg.append(this.viewportGroup, this.cursorsLayer);

        /** @type {Map<string, {node: SVGGElement, element: object, from?: object, to?: object}>} */
        this.nodes = new Map();
        this.cursors = new Map();
        this.viewport = { x: 0, y: 0, scale: 1 };
    }

    /** Moves and scales the board. Pan and zoom change one transform, not the elements. */
    setViewport(viewport) {
        this.viewport = viewport;
        const { x, y, scale } = viewport;
        this.viewportGroup.setAttribute("transform", `translate(${x},${y}) scale(${scale})`);
        const step = scale < 0.5 ? 100 : 20;
        this.gridPattern.setAttribute("width", String(step));
        this.gridPattern.setAttribute("height", String(step));
        this.gridDot.setAttribute("r", String(1 / scale));
        this.gridPattern.setAttribute("patternTransform", `translate(${x},${y}) scale(${scale})`);
        for (const cursor of this.cursors.values()) {
            this.placeCursor(cursor);
        }
    }

    /** Brings the SVG in line with `elements`, rebuilding only changed elements and their connectors. */
    render(elements) {
        for (const [id, entry] of this.nodes) {
            if (!elements.has(id)) {
                entry.node.remove();
                this.nodes.delete(id);
            }
        }
        for (const element of elements.values()) {
            const entry = this.nodes.get(element.id);
            if (element.type === "connector") {
                const from = elements.get(element.props.from);
                const to = elements.get(element.props.to);
                if (entry && entry.element === element && entry.from === from && entry.to === to) {
                    continue;
                }
                const node = buildConnectorNode(element, from, to, this.defs, this.prefix);
                this.replace(entry, node, this.connectorsLayer, element.id, { element, from, to });
            } else {
                if (entry && entry.element === element) {
                    continue;
                }
                const layer = element.type === "frame" ? this.framesLayer : this.elementsLayer;
                this.replace(entry, buildElementNode(element), layer, element.id, { element });
            }
        }
    }

    replace(entry, node, layer, id, record) {
        if (!node) {
            entry?.node.remove();
            this.nodes.delete(id);
            return;
        }
        if (entry) {
            entry.node.replaceWith(node);
        } else {
            layer.appendChild(node);
        }
        this.nodes.set(id, { node, ...record });
    }

    /**
     * Draws the selection outline, and for a single selected box its resize handles and its connect port.
     * @param {Map<string, object>} elements
     * @param {Set<string>} selected
     * @param {Set<string>} highlighted
     */
    renderOverlay(elements, selected, highlighted, extras = {}) {
        const layer = this.overlayLayer;
        layer.replaceChildren();
        const unit = 1 / this.viewport.scale;

        for (const id of highlighted) {
            const element = elements.get(id);
            if (element) {
                layer.appendChild(this.outline(elements, element, 6 * unit, "fwb-highlight"));
            }
        }
        for (const id of selected) {
            const element = elements.get(id);
            if (element) {
                layer.appendChild(this.outline(elements, element, 3 * unit, "fwb-selection"));
            }
        }

        const boxes = [...selected].map(id => elements.get(id)).filter(e => e && e.type !== "connector");
        if (selected.size === 1 && boxes.length === 1) {
            const p = boxes[0].props;
            const size = 8 * unit;
            for (const [name, hx, hy] of HANDLES) {
                layer.appendChild(svgNode("rect", {
                    "class": `fwb-handle fwb-handle-${name}`, "data-handle": name,
                    x: p.x + hx * p.w - size / 2, y: p.y + hy * p.h - size / 2, width: size, height: size,
                }));
            }
            layer.appendChild(svgNode("circle", {
                "class": "fwb-port", "data-port": boxes[0].id, cx: p.x + p.w + 14 * unit, cy: p.y + p.h / 2, r: 6 * unit,
            }));
        }

        if (extras.rubberBand) {
            const r = extras.rubberBand;
            layer.appendChild(svgNode("rect", { "class": "fwb-rubber-band", x: r.x, y: r.y, width: r.w, height: r.h }));
        }
        if (extras.connectLine) {
            const l = extras.connectLine;
            layer.appendChild(svgNode("line", { "class": "fwb-connect-preview", x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2 }));
        }
    }

    outline(elements, element, margin, className) {
        if (element.type === "connector") {
            const from = elements.get(element.props.from);
            const to = elements.get(element.props.to);
            if (!from || !to) {
                return svgNode("g");
            }
            const { start, end } = connectorEnds(from.props, to.props);
            return svgNode("line", { "class": className, x1: start.x, y1: start.y, x2: end.x, y2: end.y });
        }
        const p = element.props;
        return svgNode("rect", { "class": className, x: p.x - margin, y: p.y - margin, width: p.w + 2 * margin, height: p.h + 2 * margin, rx: 4 });
    }

    /** Shows or moves another participant's cursor at board coordinates (x, y). */
    showCursor(participantId, name, color, x, y) {
        let cursor = this.cursors.get(participantId);
        if (!cursor) {
            const node = svgNode("g", { "class": "fwb-cursor" });
            node.appendChild(svgNode("path", { d: "M0,0L0,16L4.5,12L8,19L10.5,18L7,11L13,11z", stroke: "#ffffff", "stroke-width": 1 }));
            const label = svgNode("g", { transform: "translate(14,18)" });
            label.appendChild(svgNode("rect", { rx: 4, height: 18 }));
            const text = svgNode("text", { x: 6, y: 13, "font-size": 12, fill: "#ffffff", "font-family": FONT_FAMILY });
            label.appendChild(text);
            node.appendChild(label);
            this.cursorsLayer.appendChild(node);
            cursor = { node, text, x, y, name: null, color: null };
            this.cursors.set(participantId, cursor);
        }
        if (cursor.name !== name || cursor.color !== color) {
            cursor.name = name;
            cursor.color = color;
            cursor.text.textContent = name;
            cursor.node.querySelector("path").setAttribute("fill", color);
            const rect = cursor.node.querySelector("rect");
            rect.setAttribute("fill", color);
            rect.setAttribute("width", String(name.length * 12 * 0.56 + 12));
        }
        cursor.x = x;
        cursor.y = y;
        this.placeCursor(cursor);
    }

    placeCursor(cursor) {
        const { x, y, scale } = this.viewport;
        cursor.node.setAttribute("transform", `translate(${cursor.x * scale + x},${cursor.y * scale + y})`);
    }

    /** Removes a participant's cursor. */
    hideCursor(participantId) {
        this.cursors.get(participantId)?.node.remove();
        this.cursors.delete(participantId);
    }

    /** Removes every element node and cursor, for example before showing another board. */
    clear() {
        for (const entry of this.nodes.values()) {
            entry.node.remove();
        }
        this.nodes.clear();
        for (const id of [...this.cursors.keys()]) {
            this.hideCursor(id);
        }
        this.overlayLayer.replaceChildren();
    }
}

/** Resize handles: name and position as fractions of the box's width and height. */
export const HANDLES = [
    ["nw", 0, 0], ["n", 0.5, 0], ["ne", 1, 0], ["e", 1, 0.5], ["se", 1, 1], ["s", 0.5, 1], ["sw", 0, 1], ["w", 0, 0.5],
];

/** Returns true for types drawn as cards. */
export function isCard(type) {
    return CARD_TYPES.has(type);
}
