// SignalR connection of one board to /hubs/board, which joins and resynchronizes the board and carries operations,
// cursors and presence. Pointer moves reach the hub only as throttled cursor positions.

/** Delays in milliseconds before the SignalR client's automatic reconnect attempts. After the last one, it gives up. */
const AUTOMATIC_RECONNECT_DELAYS = [0, 1000, 2000, 5000, 10000];

/** Maximum wait between the module's own reconnect attempts once the SignalR client has given up. */
const MAX_RETRY_DELAY_MS = 30000;

/**
 * Default of options.serverTimeoutMs: the connection counts as lost when the server sends nothing for this long.
 * The ASP.NET Core SignalR configuration docs ask for at least double the hub's KeepAliveInterval, so the server
 * must ping every 5 s or faster. With the server default of 15 s, an idle board would reconnect about every 15 s.
 */
export const DEFAULT_SERVER_TIMEOUT_MS = 12000;

/** Interval of the client's own pings, so that the server notices a dead browser as well. */
const KEEP_ALIVE_INTERVAL_MS = 5000;

/** Shortest interval between two MoveCursor calls. */
export const CURSOR_INTERVAL_MS = 50;

let signalRPromise = null;

/**
 * Returns the SignalR browser client (`window.signalR`). When the page has not loaded it, inserts one
 * <script> for the vendored copy beside this module and waits for it.
 * @param {string | undefined} scriptUrl overrides the vendored copy's URL
 */
export function loadSignalR(scriptUrl) {
    if (globalThis.signalR) {
        return Promise.resolve(globalThis.signalR);
    }
    if (!signalRPromise) {
        signalRPromise = new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = scriptUrl ?? new URL("../../lib/signalr/signalr.min.js", import.meta.url).href;
            script.async = true;
            script.onload = () => {
                if (globalThis.signalR) {
                    resolve(globalThis.signalR);
                } else {
                    reject(new Error(`${script.src} loaded but did not define window.signalR. `
                        + "Check that the file is the SignalR browser client."));
                }
            };
            script.onerror = () => {
                signalRPromise = null;
                reject(new Error(`Failed to load the SignalR client from ${script.src}. Reload the page.`));
            };
            document.head.appendChild(script);
        });
    }
    return signalRPromise;
}

/**
 * Keeps a hub connection for one board alive: starts it, joins the board on every (re)connect, and retries for as
 * long as the board is mounted.
 *
 * `events` receives: stateChanged(state), joined(result), operationApplied(applied), cursorMoved(position),
 * cursorHidden(participantId), presenceChanged(participants), runLaunched(notice), boardsChanged(),
 * locksChanged(locks), error(message). The room page passes the rest of the facilitation state through the
 * board handle, because it has it from the start and the hub sends it only on changes.
 */
export class BoardConnection {
    /**
     * @param {object} signalR the SignalR browser client
     * @param {{ hubUrl: string, roomCode: string, boardId: string, clientToken: string, displayName: string,
     *   serverTimeoutMs?: number }} options
     * @param {() => number} lastVersion returns the confirmed version to resynchronize from
     * @param {object} events
     */
    constructor(signalR, options, lastVersion, events) {
        this.options = { ...options };
        this.lastVersion = lastVersion;
        this.events = events;
        this.joined = false;
        this.disposed = false;
        this.retryTimer = null;
        this.retryAttempt = 0;
        this.lastError = null;
        this.cursorTimer = null;
        this.cursorQueued = null;
        this.cursorSentAt = 0;

        this.connection = new signalR.HubConnectionBuilder()
            .withUrl(options.hubUrl)
            .withAutomaticReconnect(AUTOMATIC_RECONNECT_DELAYS)
            .withServerTimeout(options.serverTimeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS)
            .withKeepAliveInterval(KEEP_ALIVE_INTERVAL_MS)
            .configureLogging(signalR.LogLevel.Warning)
            .build();

        const c = this.connection;
        c.on("OperationApplied", applied => this.events.operationApplied(applied));
        c.on("CursorMoved", position => this.events.cursorMoved(position));
        c.on("CursorHidden", participantId => this.events.cursorHidden(participantId));
        c.on("PresenceChanged", participants => this.events.presenceChanged(participants));
        c.on("RunLaunched", notice => this.events.runLaunched(notice));
        c.on("BoardsChanged", () => this.events.boardsChanged());
        c.on("LocksChanged", locks => this.events.locksChanged(locks));
        // The room page receives the facilitation state and "bring to view" over the Blazor circuit, so the board
        // ignores these two broadcasts. The handlers stop SignalR from warning about a missing client method.
        c.on("FacilitationChanged", () => {});
        c.on("ViewportRequested", () => {});
        c.onreconnecting(() => {
            this.joined = false;
            this.events.stateChanged("reconnecting");
        });
        c.onreconnected(() => this.join());
        c.onclose(() => {
            this.joined = false;
            if (!this.disposed) {
                this.events.stateChanged("offline");
                this.scheduleRetry();
            }
        });
    }

    /**
     * Starts the connection and joins the board. A failure changes the state to "offline" or reports the join error,
     * and is retried, so the promise rejects only when an event handler throws.
     */
    async start() {
        this.events.stateChanged("connecting");
        try {
            await this.connection.start();
        } catch (error) {
            if (!this.disposed) {
                this.events.stateChanged("offline");
                this.scheduleRetry();
            }
            return;
        }
        await this.join();
    }

    scheduleRetry() {
        if (this.disposed || this.retryTimer !== null) {
            return;
        }
        // Exponential back-off: the base doubles from 2 s up to MAX_RETRY_DELAY_MS, and the delay is a random value
        // between half the base and the base, so a restarted server is not hit by every browser at once.
        const base = Math.min(MAX_RETRY_DELAY_MS, 2000 * 2 ** Math.min(this.retryAttempt, 4));
        const delay = base / 2 + Math.random() * base / 2;
        this.retryAttempt++;
        this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            if (this.connection.state === "Disconnected") {
                this.start();
            } else if (this.connection.state === "Connected" && !this.joined) {
                this.join();
            }
        }, delay);
    }

    /**
     * Joins the board from the last confirmed version. The `joined` event handler applies the result and resends
     * the pending operations.
     */
    async join() {
        if (this.disposed) {
            return;
        }
        const request = {
            roomCode: this.options.roomCode,
            boardId: this.options.boardId,
            clientToken: this.options.clientToken,
            displayName: this.options.displayName,
            lastVersion: this.lastVersion(),
            facilitatorToken: this.options.facilitatorToken ?? null,
        };
        try {
            const result = await this.connection.invoke("JoinBoard", request);
            if (this.disposed || request.boardId !== this.options.boardId) {
                return;
            }
            this.joined = true;
            this.retryAttempt = 0;
            this.lastError = null;
            this.events.joined(result);
            this.events.stateChanged("connected");
        } catch (error) {
            // After switchBoard, a failed join of the previous board no longer matters, because the new board is joined
            // separately, with its own error reports and retries.
            if (this.disposed || request.boardId !== this.options.boardId) {
                return;
            }
            const message = hubErrorMessage(error);
            // Report each distinct join error once, and keep retrying without repeating it.
            if (message !== this.lastError) {
                this.lastError = message;
                this.events.error(message);
            }
            this.events.stateChanged(this.connection.state === "Connected" ? "connecting" : "offline");
            this.scheduleRetry();
        }
    }

    /** True when operations can be sent now. */
    get isJoined() {
        return this.joined && this.connection.state === "Connected";
    }

    /**
     * Sends one operation. Resolves with the OperationResult, or with null when the connection dropped first (the
     * operation then stays pending and is resent after the next join). A HubException rejects.
     */
    async sendOperation(operation) {
        if (!this.isJoined) {
            return null;
        }
        try {
            return await this.connection.invoke("ApplyOperation", operation);
        } catch (error) {
            if (this.connection.state !== "Connected") {
                return null;
            }
            throw new Error(hubErrorMessage(error));
        }
    }

    /** Calls Undo or Redo on the hub. Resolves with the OperationResult, or with null when offline. */
    async history(method) {
        if (!this.isJoined) {
            return null;
        }
        try {
            return await this.connection.invoke(method);
        } catch (error) {
            if (this.connection.state !== "Connected") {
                return null;
            }
            throw new Error(hubErrorMessage(error));
        }
    }

    /**
     * Adds (delta 1) or takes back (delta -1) one vote on a note. Resolves with MyVotes; a HubException (no round
     * open, no vote left) rejects with its message.
     */
    async castVote(elementId, delta) {
        if (!this.isJoined) {
            throw new Error("Voting needs the connection to the server. Wait until the board is connected again.");
        }
        try {
            return await this.connection.invoke("CastVote", elementId, delta);
        } catch (error) {
            throw new Error(hubErrorMessage(error));
        }
    }

    /** Returns this person's votes in the open round (MyVotes), or null when none is open or the board is offline. */
    async getMyVotes() {
        if (!this.isJoined) {
            return null;
        }
        try {
            return await this.connection.invoke("GetMyVotes");
        } catch {
            // The votes show again with the next vote or join, so a failed read only delays them.
            return null;
        }
    }

    /** Sends the pointer position at most once per CURSOR_INTERVAL_MS. A newer position replaces one still waiting. */
    moveCursor(x, y) {
        this.cursorQueued = { x, y };
        if (this.cursorTimer !== null) {
            return;
        }
        const wait = Math.max(0, this.cursorSentAt + CURSOR_INTERVAL_MS - Date.now());
        this.cursorTimer = setTimeout(() => {
            this.cursorTimer = null;
            const position = this.cursorQueued;
            this.cursorQueued = null;
            if (position && this.isJoined) {
                this.cursorSentAt = Date.now();
                // Cursor positions are best effort: a lost one is replaced by the next.
                this.connection.send("MoveCursor", position.x, position.y).catch(() => {});
            }
        }, wait);
    }

    /** Sends HideCursor, so that other participants stop showing this pointer, and drops any queued position. */
    hideCursor() {
        clearTimeout(this.cursorTimer);
        this.cursorTimer = null;
        this.cursorQueued = null;
        if (this.isJoined) {
            this.connection.send("HideCursor").catch(() => {});
        }
    }

    /** Joins another board of the same room on this connection. */
    async switchBoard(boardId) {
        this.options.boardId = boardId;
        this.joined = false;
        if (this.connection.state === "Connected") {
            this.events.stateChanged("connecting");
            await this.join();
        }
    }

    /** Stops the connection and every retry. */
    async dispose() {
        this.disposed = true;
        clearTimeout(this.retryTimer);
        clearTimeout(this.cursorTimer);
        try {
            await this.connection.stop();
        } catch {
            // Stopping a connection that never started can throw, and then nothing is left to clean up.
        }
    }
}

/** Returns the message a HubException carries, without SignalR's "An unexpected error occurred invoking" prefix. */
export function hubErrorMessage(error) {
    const text = String(error?.message ?? error ?? "Unknown error.");
    const marker = "HubException: ";
    const index = text.indexOf(marker);
    return index >= 0 ? text.slice(index + marker.length) : text;
}
