// Set up event handlers
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);

const retryButton = document.getElementById("components-reconnect-button");
retryButton.addEventListener("click", retry);

const resumeButton = document.getElementById("components-resume-button");
resumeButton.addEventListener("click", resume);

// The room page's board keeps working without the Blazor circuit, because it has its own hub connection and
// keeps offline edits. So on that page the dialog opens as a banner that leaves the board usable, not as a modal.
function isRoomPage() {
    const basePath = new URL(document.baseURI).pathname;
    return location.pathname.startsWith(basePath + "rooms/");
}

// How long the room page shows its "reloads now" banner before it reloads, in milliseconds.
const roomReloadDelayMs = 1500;

// How often the room page retries by itself after Blazor gives up reconnecting, in milliseconds.
const roomRetryIntervalMs = 5000;

let roomRetryTimer = null;
let roomRetryRunning = false;

function handleReconnectStateChanged(event) {
    if (event.detail.state === "show") {
        if (isRoomPage()) {
            reconnectModal.classList.add("components-reconnect-banner");
            reconnectModal.show();
        } else {
            reconnectModal.classList.remove("components-reconnect-banner");
            reconnectModal.showModal();
        }
    } else if (event.detail.state === "hide") {
        stopRoomRetries();
        reconnectModal.close();
    } else if (event.detail.state === "failed") {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
        if (isRoomPage()) {
            // People may not watch the banner during a workshop, so the room page keeps retrying by itself.
            startRoomRetries();
        }
    } else if (event.detail.state === "rejected") {
        if (isRoomPage()) {
            reloadRoomPage();
        } else {
            location.reload();
        }
    }
}

// Reloads the room page after a short banner. The server restarted and no longer has this page's circuit, so
// the properties panel, Simulate and the board picker would stay dead. The board module keeps its unsent edits
// in sessionStorage, so the reloaded page sends them.
function reloadRoomPage() {
    stopRoomRetries();
    reconnectModal.classList.add("components-reconnect-banner", "components-reconnect-reloading");
    if (!reconnectModal.open) {
        reconnectModal.show();
    }
    setTimeout(() => location.reload(), roomReloadDelayMs);
}

function startRoomRetries() {
    if (roomRetryTimer === null) {
        roomRetryTimer = setInterval(retryFromRoomTimer, roomRetryIntervalMs);
    }
}

// Skips a tick while the previous attempt still runs, because Blazor.reconnect can take longer than the interval.
async function retryFromRoomTimer() {
    if (roomRetryRunning) {
        return;
    }

    roomRetryRunning = true;
    try {
        await retry();
    } finally {
        roomRetryRunning = false;
    }
}

function stopRoomRetries() {
    if (roomRetryTimer !== null) {
        clearInterval(roomRetryTimer);
        roomRetryTimer = null;
    }
}

function reloadPage() {
    if (isRoomPage()) {
        reloadRoomPage();
    } else {
        location.reload();
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);

    try {
        // Reconnect will asynchronously return:
        // - true to mean success
        // - false to mean we reached the server, but it rejected the connection (e.g., unknown circuit ID)
        // - exception to mean we didn't reach the server (this can be sync or async)
        const successful = await Blazor.reconnect();
        if (!successful) {
            // We have been able to reach the server, but the circuit is no longer available.
            // We'll reload the page so the user can continue using the app as quickly as possible.
            const resumeSuccessful = await Blazor.resumeCircuit();
            if (!resumeSuccessful) {
                reloadPage();
            } else {
                stopRoomRetries();
                reconnectModal.close();
            }
        } else {
            stopRoomRetries();
        }
    } catch (err) {
        // We got an exception, server is currently unavailable
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            reloadPage();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
