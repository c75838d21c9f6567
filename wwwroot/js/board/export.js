// Export of a board as a standalone SVG document and as a PNG drawn from it.

import { FONT_FAMILY } from "./layout.js";
import { buildConnectorNode, buildElementNode, svgNode } from "./render.js";
import { contentBounds } from "./state.js";

const MARGIN = 40;

/** Largest PNG side in pixels, because browsers fail to create canvases much larger than this. */
const MAX_CANVAS_SIDE = 16384;

/**
 * Returns a standalone SVG document of all elements: frames first, then connectors, then the other elements, with
 * styles as attributes and viewBox = content bounds plus a margin.
 * @param {Map<string, object>} elements
 */
export function exportSvg(elements) {
    const bounds = contentBounds(elements.values()) ?? { x: 0, y: 0, w: 200, h: 100 };
    const x = bounds.x - MARGIN;
    const y = bounds.y - MARGIN;
    const width = bounds.w + 2 * MARGIN;
    const height = bounds.h + 2 * MARGIN;
    const svg = svgNode("svg", {
        xmlns: "http://www.w3.org/2000/svg", viewBox: `${x} ${y} ${width} ${height}`, width, height,
        "font-family": FONT_FAMILY,
    });
    const defs = svgNode("defs");
    svg.appendChild(defs);
    svg.appendChild(svgNode("rect", { x, y, width, height, fill: "#ffffff" }));

    const frames = svgNode("g");
    const connectors = svgNode("g");
    const others = svgNode("g");
    for (const element of elements.values()) {
        if (element.type === "connector") {
            const node = buildConnectorNode(element, elements.get(element.props.from), elements.get(element.props.to), defs, "export");
            if (node) {
                connectors.appendChild(node);
            }
        } else {
            (element.type === "frame" ? frames : others).appendChild(buildElementNode(element));
        }
    }
    svg.append(frames, connectors, others);
    // Interaction-only attributes mean nothing in a file.
    for (const node of svg.querySelectorAll("[data-id], [class]")) {
        node.removeAttribute("data-id");
        node.removeAttribute("class");
    }
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
}

/**
 * Renders an SVG document to a PNG blob at `pixelRatio` pixels per board unit, scaled down to fit the
 * largest canvas browsers accept.
 * @param {string} svgText
 * @returns {Promise<Blob>}
 */
export async function svgToPng(svgText, pixelRatio = 2) {
    const match = /viewBox="[^"]*?\s([\d.]+)\s([\d.]+)"/.exec(svgText);
    const width = match ? Number(match[1]) : 800;
    const height = match ? Number(match[2]) : 600;
    const ratio = Math.min(pixelRatio, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height);

    const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
    try {
        const image = new Image();
        image.decoding = "async";
        image.src = url;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(width * ratio));
        canvas.height = Math.max(1, Math.round(height * ratio));
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        return await new Promise((resolve, reject) => canvas.toBlob(
            blob => (blob ? resolve(blob) : reject(new Error("The browser failed to encode the canvas as PNG."))),
            "image/png"));
    } finally {
        URL.revokeObjectURL(url);
    }
}
