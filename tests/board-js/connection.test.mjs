// Tests of the board's hub connection against a fake SignalR client. Run with: node --test tests/board-js/
import test from "node:test";
import assert from "node:assert/strict";
import { BoardConnection, hubErrorMessage } from "../../wwwroot/js/board/connection.js";

/** Fake SignalR client whose JoinBoard calls wait until the test settles them. */
function fakeSignalR() {
    const joins = [];
    const connection = {
        state: "Connected",
        on() {},
        onreconnecting() {},
        onreconnected() {},
        onclose() {},
        start: async () => {},
        stop: async () => {},
        send: async () => {},
        invoke(method, request) {
            assert.equal(method, "JoinBoard");
            return new Promise((resolve, reject) => joins.push({ request, resolve, reject }));
        },
    };
    const builder = {
        withUrl: () => builder,
        withAutomaticReconnect: () => builder,
        withServerTimeout: () => builder,
        withKeepAliveInterval: () => builder,
        configureLogging: () => builder,
        build: () => connection,
    };
    return { signalR: { HubConnectionBuilder: function () { return builder; }, LogLevel: { Warning: 3 } }, joins };
}

function recordingEvents() {
    const calls = [];
    const record = name => (...args) => calls.push([name, ...args]);
    const events = {};
    for (const name of ["stateChanged", "joined", "operationApplied", "cursorMoved", "cursorHidden",
        "presenceChanged", "runLaunched", "boardsChanged", "error"]) {
        events[name] = record(name);
    }
    return { events, calls };
}

const options = { hubUrl: "/hubs/board", roomCode: "room", boardId: "a", clientToken: "t", displayName: "Ada" };

test("hubErrorMessage strips SignalR prefix", () => {
    const error = new Error("An unexpected error occurred invoking 'JoinBoard' on the server. HubException: Room not found.");
    assert.equal(hubErrorMessage(error), "Room not found.");
    assert.equal(hubErrorMessage(new Error("Plain.")), "Plain.");
});

test("failed join of previous board is ignored", async () => {
    const { signalR, joins } = fakeSignalR();
    const { events, calls } = recordingEvents();
    const connection = new BoardConnection(signalR, options, () => null, events);

    const starting = connection.start();
    await Promise.resolve();
    assert.equal(joins.length, 1);
    assert.equal(joins[0].request.boardId, "a");

    const switching = connection.switchBoard("b");
    assert.equal(joins.length, 2);
    assert.equal(joins[1].request.boardId, "b");

    joins[0].reject(new Error("HubException: Board a not found."));
    await starting;
    assert.deepEqual(calls.filter(call => call[0] === "error"), [], "the old board's error must not be reported");
    assert.equal(connection.retryTimer, null, "the old board's failure must not schedule a retry");

    joins[1].resolve({ version: 0 });
    await switching;
    assert.equal(connection.isJoined, true);
    assert.deepEqual(calls.filter(call => call[0] === "joined"), [["joined", { version: 0 }]]);

    await connection.dispose();
});
