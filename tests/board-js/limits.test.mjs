// Tests of the board's size limits, status texts, placement and offline store. Run with: node --test tests/board-js/
import test from "node:test";
import assert from "node:assert/strict";
import {
    changedElementCount, checkOperationSize, findLoopingOperation, jsonBytes, LOOP_WINDOW_MS, selectionPayload,
} from "../../wwwroot/js/board/limits.js";
import { connectionLabel, viewLabel } from "../../wwwroot/js/board/status.js";
import { findFreeSpot } from "../../wwwroot/js/board/placement.js";
import { loadPending, MAX_STORED_CHARS, savePending, storageKey } from "../../wwwroot/js/board/offline-store.js";

function note(id, x, y, w = 100, h = 50) {
    return { id, type: "note", props: { x, y, w, h, text: id, color: "#fff176" } };
}

test("jsonBytes counts UTF-8 bytes", () => {
    assert.equal(jsonBytes("a"), 3);
    assert.equal(jsonBytes("é"), 4, "é is two bytes in UTF-8 plus two quotes");
});

test("operation under limit passes", () => {
    const op = { opId: "o1", baseVersion: 3, changes: [{ kind: "set", id: "a", props: { x: 1 } }] };
    assert.equal(checkOperationSize(op, jsonBytes(op)), null);
});

test("operation over limit names count and sizes", () => {
    const changes = [];
    for (let i = 0; i < 50; i++) {
        changes.push({ kind: "set", id: `e${i}`, props: { x: i } });
    }
    changes.push({ kind: "set", id: "e0", props: { y: 1 } });
    const op = { opId: "o1", baseVersion: 3, changes };
    const bytes = jsonBytes(op);
    const message = checkOperationSize(op, 1000);
    assert.ok(bytes > 1000);
    assert.equal(changedElementCount(changes), 50, "two changes of e0 count as one element");
    assert.equal(message, `This edit changes 50 elements (${Math.round(bytes / 1000)} KB); edits are limited to 1 KB. `
        + "Select fewer elements and try again.");
});

test("selection of one element is whole", () => {
    const payload = selectionPayload([note("a", 0, 0)]);
    assert.deepEqual(payload, [{ id: "a", type: "note", props: note("a", 0, 0).props }]);
});

test("selection of several has colour only", () => {
    const payload = selectionPayload([note("a", 0, 0), note("b", 0, 0)]);
    assert.deepEqual(payload, [
        { id: "a", type: "note", props: { color: "#fff176" } },
        { id: "b", type: "note", props: { color: "#fff176" } },
    ]);
});

test("large selection shrinks under budget", () => {
    const elements = [];
    for (let i = 0; i < 1000; i++) {
        elements.push(note(`abcdefghij${String(i).padStart(3, "0")}`, 0, 0));
    }
    const payload = selectionPayload(elements, 24000);
    assert.equal(payload.length, 1000, "every selected element keeps an entry, so the page can count them");
    assert.ok(jsonBytes(payload) <= 24000, `payload is ${jsonBytes(payload)} bytes`);
    assert.deepEqual(payload[0], { id: "abcdefghij000" });
});

test("looping operation needs two sends", () => {
    const now = 100000;
    assert.equal(findLoopingOperation([{ opId: "a", sends: 1, lastSentAt: now }], now), null);
    const twice = { opId: "a", sends: 2, lastSentAt: now - 10 };
    assert.equal(findLoopingOperation([twice], now), twice);
});

test("acknowledged operation never loops", () => {
    const now = 100000;
    assert.equal(findLoopingOperation([{ opId: "a", sends: 3, lastSentAt: now, ackVersion: 7 }], now), null);
});

test("looping operation must be recent", () => {
    const now = 100000;
    const old = { opId: "a", sends: 5, lastSentAt: now - LOOP_WINDOW_MS - 1 };
    assert.equal(findLoopingOperation([old], now), null);
});

test("looping operation picks the largest", () => {
    const now = 100000;
    const small = { opId: "a", sends: 2, lastSentAt: now, bytes: 100 };
    const big = { opId: "b", sends: 2, lastSentAt: now, bytes: 50000 };
    assert.equal(findLoopingOperation([small, big], now), big);
});

test("connection label per state", () => {
    assert.equal(connectionLabel("connected", 0), "");
    assert.equal(connectionLabel("connected", 1), "Sending 1 edit…");
    assert.equal(connectionLabel("offline", 3), "Offline · 3 edits waiting");
    assert.equal(connectionLabel("offline", 0), "Offline");
    assert.equal(connectionLabel("reconnecting", 0), "Reconnecting…");
    assert.equal(connectionLabel("reconnecting", 1), "Reconnecting… · 1 edit waiting");
});

test("view label shows zoom and snap", () => {
    assert.equal(viewLabel(1, true), "100 % · Snap on");
    assert.equal(viewLabel(0.456, false), "46 % · Snap off");
    assert.equal(viewLabel(0.025, true), "2.5 % · Snap on");
});

test("free spot on empty board is centred", () => {
    assert.deepEqual(findFreeSpot([], 500, 300, 100, 60, 10), { x: 450, y: 270 });
});

test("free spot avoids elements but not frames", () => {
    const frame = { id: "f", type: "frame", props: { x: -1000, y: -1000, w: 3000, h: 3000 } };
    const blocker = note("a", 450, 270, 100, 60);
    const spot = findFreeSpot([frame, blocker], 500, 300, 100, 60, 10);
    const gap = 20;
    const overlaps = spot.x < 450 + 100 + gap && spot.x + 100 > 450 - gap && spot.y < 270 + 60 + gap && spot.y + 60 > 270 - gap;
    assert.equal(overlaps, false, `spot ${JSON.stringify(spot)} overlaps the note`);
    // Steps are half the size (50, 30). The nearest free candidates are 3 steps up or down. At y 180 the box ends
    // at 240, and at y 360 it starts at 360, both clear of the note's 20-unit gap (250 to 350). Going sideways
    // needs x 600, which is 150 away.
    assert.equal(Math.hypot(spot.x - 450, spot.y - 270), 90, `spot ${JSON.stringify(spot)}`);
});

class MemoryStorage {
    constructor() { this.items = new Map(); }
    getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
    setItem(key, value) { this.items.set(key, String(value)); }
    removeItem(key) { this.items.delete(key); }
}

test("pending survives save and load", () => {
    const storage = new MemoryStorage();
    const key = storageKey("room", "board");
    const pending = [{ opId: "o1", baseVersion: 4, changes: [{ kind: "delete", id: "a" }], sends: 2, ackVersion: 9 }];
    assert.equal(savePending(storage, key, 7, pending), true);
    assert.deepEqual(loadPending(storage, key), { version: 7, pending: [{ opId: "o1", baseVersion: 4, changes: [{ kind: "delete", id: "a" }] }] });
});

test("all-or-nothing flag survives save and load", () => {
    const storage = new MemoryStorage();
    const key = storageKey("room", "board");
    const pending = [{ opId: "o2", baseVersion: 3, changes: [], allOrNothing: true }, { opId: "o3", baseVersion: 3, changes: [] }];
    savePending(storage, key, 3, pending);
    assert.deepEqual(loadPending(storage, key).pending, pending);
});

test("empty pending removes entry", () => {
    const storage = new MemoryStorage();
    const key = storageKey("room", "board");
    savePending(storage, key, 1, [{ opId: "o1", baseVersion: 0, changes: [] }]);
    savePending(storage, key, 2, []);
    assert.equal(storage.getItem(key), null);
});

test("oversized pending is not stored", () => {
    const storage = new MemoryStorage();
    const key = storageKey("room", "board");
    savePending(storage, key, 1, [{ opId: "o1", baseVersion: 0, changes: [] }]);
    const huge = [{ opId: "o2", baseVersion: 0, changes: [{ kind: "set", id: "a", props: { text: "x".repeat(MAX_STORED_CHARS) } }] }];
    assert.equal(savePending(storage, key, 1, huge), false);
    assert.equal(storage.getItem(key), null, "the older, outdated entry must be gone too");
});

test("invalid stored entry is ignored", () => {
    const storage = new MemoryStorage();
    storage.setItem("k", "{not json");
    assert.equal(loadPending(storage, "k"), null);
    storage.setItem("k", JSON.stringify({ version: 1, pending: [{ opId: 5 }] }));
    assert.equal(loadPending(storage, "k"), null);
    assert.equal(loadPending(null, "k"), null);
});
