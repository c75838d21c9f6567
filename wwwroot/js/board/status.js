// Texts of the board's own status chip. The chip is drawn in the board's DOM, because the page's connection chip
// is updated over the Blazor circuit, which is down in exactly the cases the chip has to report.

/**
 * Returns the chip text for a connection state, or "" when there is nothing to report.
 * @param {"connecting" | "connected" | "reconnecting" | "offline"} state
 * @param {number} pendingCount own edits not yet confirmed by the server
 */
export function connectionLabel(state, pendingCount) {
    const edits = pendingCount === 1 ? "1 edit" : `${pendingCount} edits`;
    const waiting = `${edits} waiting`;
    switch (state) {
        case "connected":
            return pendingCount > 0 ? `Sending ${edits}…` : "";
        case "connecting":
            return pendingCount > 0 ? `Connecting… · ${waiting}` : "Connecting…";
        case "reconnecting":
            return pendingCount > 0 ? `Reconnecting… · ${waiting}` : "Reconnecting…";
        default:
            return pendingCount > 0 ? `Offline · ${waiting}` : "Offline";
    }
}

/** Returns the view indicator text, for example "80 % · Snap on". */
export function viewLabel(scale, snapEnabled) {
    const percent = scale >= 0.1 ? Math.round(scale * 100) : Math.round(scale * 1000) / 10;
    return `${percent} % · Snap ${snapEnabled ? "on" : "off"}`;
}
