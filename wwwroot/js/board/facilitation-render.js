// Draws what the facilitator set on top of the elements: lock badges, vote buttons and vote dots. It lives in its
// own layer of the viewport group, which the SVG export leaves out.

import { DOT_SIZE, dotPositions, MAX_DOTS_SHOWN, VOTE_BUTTON_RADIUS, voteButtonLabel, voteButtonPlacement } from "./facilitation.js";
import { svgNode } from "./render.js";

/** Padlock path drawn in white on a 16-unit circle centred at (0, 0). */
const LOCK_GLYPH = "M-3.5,-0.5h7v5h-7z M-2,-0.5v-2a2,2 0 0,1 4,0v2";

/**
 * Redraws `layer`: a lock badge on each element locked alone, and on notes the vote button (open round) and the
 * dots (own votes while open, totals after the end).
 * @param {SVGGElement} layer
 * @param {Map<string, object>} elements
 * @param {{ boardLocked: boolean, ids: Set<string> }} locks
 * @param {{ open: boolean, counts: Map<string, number>, remaining: number }} votes
 * @param {number} scale the zoom the layer is drawn at, which sets the vote buttons' minimum size
 */
export function renderFacilitation(layer, elements, locks, votes, scale = 1) {
    // Redrawing replaces the vote buttons, so the one that had the keyboard focus gets it back afterwards.
    const focused = layer.ownerDocument.activeElement;
    const focusedVote = focused && layer.contains(focused) ? focused.getAttribute("data-vote") : null;
    layer.replaceChildren();
    for (const element of elements.values()) {
        if (element.type === "connector") {
            continue;
        }
        const p = element.props;
        if (locks.ids.has(element.id) && !locks.boardLocked) {
            const badge = svgNode("g", {
                "class": "fwb-lock-badge", "data-lock": element.id, transform: `translate(${p.x + p.w - 10},${p.y + 10})`,
            });
            badge.appendChild(svgNode("title")).textContent = "Locked by the facilitator";
            badge.appendChild(svgNode("circle", { r: 9, fill: "#455a64" }));
            badge.appendChild(svgNode("path", { d: LOCK_GLYPH, fill: "none", stroke: "#ffffff", "stroke-width": 1.4 }));
            layer.appendChild(badge);
        }
        if (element.type !== "note") {
            continue;
        }
        drawDots(layer, element, votes);
        if (votes.open) {
            drawVoteButton(layer, element, votes.remaining > 0, scale);
        }
    }
    if (focusedVote) {
        layer.querySelector(`[data-vote="${CSS.escape(focusedVote)}"]`)?.focus({ preventScroll: true });
    }
}

function drawDots(layer, element, votes) {
    const count = votes.counts.get(element.id) ?? 0;
    if (count <= 0) {
        return;
    }
    const p = element.props;
    const group = svgNode("g", {
        "class": votes.open ? "fwb-vote-dots fwb-own-votes" : "fwb-vote-dots fwb-vote-totals",
        "data-votes-for": element.id, "data-votes": count,
    });
    const what = votes.open ? "Your votes" : "Votes";
    group.appendChild(svgNode("title")).textContent = `${what}: ${count}`;
    const positions = dotPositions(count, p);
    for (const position of positions) {
        group.appendChild(svgNode("circle", {
            cx: position.x, cy: position.y, r: DOT_SIZE / 2, fill: votes.open ? "#1e88e5" : "#d81b60", stroke: "#ffffff", "stroke-width": 1.5,
        }));
    }
    if (!votes.open || count > MAX_DOTS_SHOWN) {
        const last = positions[positions.length - 1];
        const label = svgNode("text", {
            x: last.x + DOT_SIZE, y: last.y + 4, "font-size": 12, "font-weight": 700, fill: "#263238",
        });
        label.textContent = String(count);
        group.appendChild(label);
    }
    layer.appendChild(group);
}

function drawVoteButton(layer, element, enabled, scale) {
    const place = voteButtonPlacement(element.props, scale);
    const button = svgNode("g", {
        "class": enabled ? "fwb-vote-button" : "fwb-vote-button fwb-disabled", "data-vote": element.id,
        transform: `translate(${place.x},${place.y}) scale(${place.factor})`, role: "button",
        // Focusable, so that Tab reaches it; interaction.js turns Enter and Space into a vote.
        tabindex: 0, "aria-label": voteButtonLabel(element), "aria-disabled": enabled ? "false" : "true",
        "aria-keyshortcuts": "Shift+Enter",
    });
    // With an aria-label, the title becomes the button's description.
    button.appendChild(svgNode("title")).textContent = enabled
        ? "Vote for this note. Shift+click or Shift+Enter takes a vote back."
        : "No votes left. Shift+click or Shift+Enter takes a vote back.";
    button.appendChild(svgNode("circle", { r: VOTE_BUTTON_RADIUS, fill: enabled ? "#1e88e5" : "#90a4ae", stroke: "#ffffff", "stroke-width": 1.5 }));
    button.appendChild(svgNode("path", { d: "M-5,0h10 M0,-5v10", stroke: "#ffffff", "stroke-width": 2.2 }));
    layer.appendChild(button);
}
