// Placement of a new element from the palette: a free spot near the viewport centre.

import { intersects } from "./layout.js";

/** Gap in board units between a new element and the elements around it. */
const GAP = 20;

/** Rings of candidate positions searched before giving up and using the centre. */
const MAX_RINGS = 30;

/**
 * Returns the top-left corner `{ x, y }` for a box of `w` × `h` centred near (cx, cy) that overlaps no element
 * other than frames and connectors. Candidates lie on square rings of growing size around the centre, about half
 * the box apart and snapped to `step`. The innermost ring with a free candidate wins, and within it the candidate
 * nearest the centre. With no free spot within MAX_RINGS rings, returns the centred position.
 * @param {Iterable<{ type: string, props: object }>} elements
 */
export function findFreeSpot(elements, cx, cy, w, h, step) {
    const obstacles = [];
    for (const element of elements) {
        if (element.type !== "frame" && element.type !== "connector") {
            const p = element.props;
            obstacles.push({ x: p.x - GAP, y: p.y - GAP, w: p.w + 2 * GAP, h: p.h + 2 * GAP });
        }
    }
    const snapTo = value => Math.round(value / step) * step;
    const originX = snapTo(cx - w / 2);
    const originY = snapTo(cy - h / 2);
    const stepX = snapTo(Math.max(w / 2, step)) || step;
    const stepY = snapTo(Math.max(h / 2, step)) || step;
    const free = (x, y) => obstacles.every(o => !intersects(o, { x, y, w, h }));

    for (let ring = 0; ring <= MAX_RINGS; ring++) {
        let best = null;
        for (let i = -ring; i <= ring; i++) {
            for (let j = -ring; j <= ring; j++) {
                if (Math.max(Math.abs(i), Math.abs(j)) !== ring) {
                    continue;
                }
                const x = originX + i * stepX;
                const y = originY + j * stepY;
                const distance = Math.hypot(x - originX, y - originY);
                if ((best === null || distance < best.distance) && free(x, y)) {
                    best = { x, y, distance };
                }
            }
        }
        if (best) {
            return { x: best.x, y: best.y };
        }
    }
    return { x: originX, y: originY };
}
