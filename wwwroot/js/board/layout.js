// Pure geometry and text layout for the board: element labels, word wrapping, connector end points.

/**
 * Font used on the board and in exports. The export sets it as an attribute, because the page's CSS is not part
 * of the file.
 */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Height of a frame's title bar in board units. */
export const FRAME_TITLE_HEIGHT = 28;

const PARTITION_LABELS = {
    "iid": "IID",
    "shards": "shards",
    "classes": "classes per client",
    "quantity": "quantity skew",
    "feature-noise": "feature noise",
};

/**
 * Returns the second line of an element, which shows its main setting, for example
 * "100 clients · dirichlet α 0.5". Returns "" for notes, text and frames.
 */
export function describeElement(element) {
    const p = element.props;
    switch (element.type) {
        case "client-group": {
            const count = p.count === undefined ? "" : `${p.count} clients`;
            let partition = PARTITION_LABELS[p.partition] ?? p.partition ?? "";
            if (p.partition === "dirichlet") {
                partition = `dirichlet α ${p.dirichletAlpha}`;
            } else if (p.partition === "classes" && p.classesPerClient !== undefined) {
                partition = `${p.classesPerClient} classes per client`;
            } else if (p.partition === "shards" && p.shardsPerClient !== undefined) {
                partition = `${p.shardsPerClient} shards per client`;
            }
            return [count, partition].filter(Boolean).join(" · ");
        }
        case "server":
            return [p.strategy, p.rounds === undefined ? "" : `${p.rounds} rounds`].filter(Boolean).join(" · ");
        case "data-source":
            return p.dataset === "table" ? describeTable(p.table) : p.dataset ?? "";
        case "model":
            if (p.model === "mlp" && Array.isArray(p.hiddenLayers)) {
                return `mlp ${p.hiddenLayers.join("×")}`;
            }
            return p.model ?? "";
        case "privacy":
            if (p.mechanism === "secure-aggregation") {
                return "secure aggregation";
            }
            if (p.mechanism === "differential-privacy") {
                const noise = p.noiseMultiplier === undefined ? "" : ` · σ ${p.noiseMultiplier}`;
                return `differential privacy (${p.differentialPrivacy ?? "central"})${noise}`;
            }
            return p.mechanism ?? "";
        default:
            return "";
    }
}

/**
 * Returns the caption of a data source on a CSV file, for example "hospital-discharges.csv · by hospital", or
 * "CSV file" before a file is chosen.
 */
function describeTable(table) {
    if (!table?.fileName) {
        return "CSV file";
    }
    return [table.fileName, table.ownerColumn ? `by ${table.ownerColumn}` : ""].filter(Boolean).join(" · ");
}

/**
 * Wraps `text` into lines of at most `maxWidth` units for a font of `fontSize`, estimating each character at
 * 0.56 × fontSize (measuring every label in the DOM would be slow for a thousand elements). Keeps explicit line
 * breaks, breaks words longer than a line, and ends with "…" when more than `maxLines` lines would be needed.
 * @returns {string[]}
 */
export function wrapText(text, maxWidth, fontSize, maxLines) {
    const maxChars = Math.max(1, Math.floor(maxWidth / (fontSize * 0.56)));
    const lines = [];
    for (const paragraph of String(text ?? "").split("\n")) {
        let line = "";
        for (const word of paragraph.split(/\s+/).filter(Boolean)) {
            let rest = word;
            while (rest.length > maxChars) {
                if (line) {
                    lines.push(line);
                    line = "";
                }
                lines.push(rest.slice(0, maxChars));
                rest = rest.slice(maxChars);
            }
            if (!line) {
                line = rest;
            } else if (line.length + 1 + rest.length <= maxChars) {
                line += " " + rest;
            } else {
                lines.push(line);
                line = rest;
            }
        }
        lines.push(line);
    }
    while (lines.length > 1 && lines[lines.length - 1] === "") {
        lines.pop();
    }
    if (maxLines < 1) {
        return [];
    }
    if (lines.length > maxLines) {
        const visible = lines.slice(0, maxLines);
        const last = visible[maxLines - 1];
        visible[maxLines - 1] = (last.length >= maxChars ? last.slice(0, maxChars - 1) : last) + "…";
        return visible;
    }
    return lines;
}

/** Returns the centre of an element's box. */
export function centre(props) {
    return { x: props.x + props.w / 2, y: props.y + props.h / 2 };
}

/**
 * Returns the point where the ray from the box's centre towards `target` leaves the box.
 */
export function borderPoint(props, target) {
    const c = centre(props);
    const dx = target.x - c.x;
    const dy = target.y - c.y;
    if (dx === 0 && dy === 0) {
        return c;
    }
    const scaleX = dx === 0 ? Infinity : (props.w / 2) / Math.abs(dx);
    const scaleY = dy === 0 ? Infinity : (props.h / 2) / Math.abs(dy);
    const scale = Math.min(scaleX, scaleY);
    return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/** Returns the end points of a connector between boxes `a` and `b`, each on the border of its box. */
export function connectorEnds(a, b) {
    return { start: borderPoint(a, centre(b)), end: borderPoint(b, centre(a)) };
}

/** Returns true when boxes `a` and `b` overlap. */
export function intersects(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
