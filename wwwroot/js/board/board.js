// The collaborative board: an SVG view with local pointer interaction and its own hub connection.
// Blazor mounts it with mountBoard and drives it through the returned handle. The board reports back through
// [JSInvokable] methods on the DotNetObjectReference.

import { BoardController } from "./controller.js";

/**
 * Mounts a board in `host` and connects it to the hub.
 * @param {HTMLElement} host element the board fills; it gets tabindex 0 so keyboard shortcuts reach it
 * @param {object | null} dotnet DotNetObjectReference with OnSelectionChanged, OnConnectionChanged,
 *   OnPresenceChanged, OnRunLaunched, OnConflicts, OnRejected, OnBoardsChanged, OnBoardChanged and OnMyVotesChanged
 * @param {{ hubUrl: string, roomCode: string, boardId: string, clientToken: string, displayName: string,
 *   schema?: object[], signalrUrl?: string, maxOperationBytes?: number, serverTimeoutMs?: number,
 *   facilitatorToken?: string }} options
 *   `schema` is BoardSchema.Elements as JSON, used for the default properties of new elements. `signalrUrl`
 *   overrides where the SignalR client is loaded from. `maxOperationBytes` is the largest edit sent, as UTF-8
 *   JSON (default 1,000,000). `serverTimeoutMs` is how long the board waits for a message from the server before
 *   it reconnects (default 12,000, which needs the hub to send keep-alives every 5 s or faster). `facilitatorToken`
 *   joins as the facilitator, whom locks do not stop.
 * @returns the handle
 */
export function mountBoard(host, dotnet, options) {
    if (!(host instanceof HTMLElement)) {
        throw new TypeError("mountBoard needs the host HTML element as its first argument.");
    }
    for (const name of ["hubUrl", "roomCode", "boardId", "clientToken", "displayName"]) {
        if (!options?.[name]) {
            throw new TypeError(`mountBoard: missing options.${name}. Pass it from the room page.`);
        }
    }
    const controller = new BoardController(host, dotnet, options);
    controller.setSnap(true);
    return {
        /**
         * Creates an element of `type` in the free spot nearest the viewport centre, selects it and focuses the
         * board. "connector" starts connect mode instead.
         */
        addElement: type => controller.addElement(type),
        /** Sets properties of one element as one operation, leaving out values that do not change. */
        setProperties: (id, props) => controller.setProperties(id, props),
        /** Sets properties of several elements, given as an object of property objects by id, as one operation. */
        setElementsProperties: propsById => controller.setElementsProperties(propsById),
        /** Sets the same properties on every selected element as one operation (the shared colour of a selection). */
        setSelectionProperties: props => controller.setSelectionProperties(props),
        deleteSelection: () => controller.deleteSelection(),
        undo: () => controller.undo(),
        redo: () => controller.redo(),
        fitToScreen: () => controller.fitToScreen(),
        zoomBy: factor => controller.zoomBy(factor),
        setSnap: enabled => controller.setSnap(enabled),
        select: ids => controller.select(ids),
        highlight: ids => controller.highlight(ids),
        clearHighlights: () => controller.clearHighlights(),
        exportSvg: () => controller.exportSvg(),
        downloadSvg: fileName => controller.downloadSvg(fileName),
        downloadPng: fileName => controller.downloadPng(fileName),
        switchBoard: boardId => controller.switchBoard(boardId),
        /** Returns the view as a BoardViewport: the board point at the top-left corner and the zoom. */
        getViewport: () => controller.getSharedViewport(),
        /** Shows the view of a BoardViewport, as the facilitator's "Bring everyone to my view" sends it. */
        setViewport: viewport => controller.setSharedViewport(viewport),
        /** Takes the room's FacilitationView, from which the board draws the voting round. */
        setFacilitation: view => controller.facilitation.setView(view),
        /** Adds (1) or takes back (-1) one vote on a note. */
        castVote: (elementId, delta) => controller.facilitation.castVote(elementId, delta),
        /** Joins again as the facilitator, after this person claimed the room. */
        setFacilitatorToken: token => controller.setFacilitatorToken(token),
        dispose: () => controller.dispose(),
    };
}
