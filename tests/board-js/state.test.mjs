// Tests of the board's pure state functions. Run with: node --test tests/board-js/
import test from "node:test";
import assert from "node:assert/strict";
import {
    acknowledge, applyChanges, applyJoinResult, applyOperation, computeView, copyChanges, diffProps, elementsInside,
    emptyState, fromSnapshot, settlePending,
} from "../../wwwroot/js/board/state.js";
import { newElementId } from "../../wwwroot/js/board/ids.js";

function box(id, x, y, w = 100, h = 50, extra = {}) {
    return { id, type: "note", props: { x, y, w, h, text: id, color: "#fff176", ...extra } };
}

function connector(id, from, to) {
    return { id, type: "connector", props: { from, to, text: "", color: "#546e7a" } };
}

function board(version, ...elements) {
    return fromSnapshot({ version, elements });
}

test("set changes only named properties", () => {
    const state = board(1, box("a", 0, 0));
    const next = applyChanges(state.elements, [{ kind: "set", id: "a", props: { x: 40 } }]);
    assert.equal(next.get("a").props.x, 40);
    assert.equal(next.get("a").props.y, 0);
    assert.equal(state.elements.get("a").props.x, 0, "the input map must stay unchanged");
});

test("delete removes attached connectors", () => {
    const state = board(1, box("a", 0, 0), box("b", 200, 0), box("c", 400, 0), connector("ab", "a", "b"), connector("bc", "b", "c"));
    const next = applyChanges(state.elements, [{ kind: "delete", id: "a" }]);
    assert.equal(next.has("a"), false);
    assert.equal(next.has("ab"), false);
    assert.equal(next.has("bc"), true);
});

test("changes on missing elements are skipped", () => {
    const state = board(1, box("a", 0, 0));
    const next = applyChanges(state.elements, [
        { kind: "set", id: "gone", props: { x: 1 } },
        { kind: "delete", id: "gone" },
        { kind: "create", element: box("a", 9, 9) },
        { kind: "create", element: connector("c1", "a", "gone") },
    ]);
    assert.deepEqual([...next.keys()], ["a"]);
    assert.equal(next.get("a").props.x, 0);
});

test("applyOperation ignores old versions", () => {
    const state = board(3, box("a", 0, 0));
    const { state: next, gap } = applyOperation(state, { version: 3, opId: "o", actor: "p", changes: [{ kind: "delete", id: "a" }] });
    assert.equal(gap, false);
    assert.equal(next, state);
});

test("applyOperation reports a version gap", () => {
    const state = board(3, box("a", 0, 0));
    const { state: next, gap } = applyOperation(state, { version: 5, opId: "o", actor: "p", changes: [] });
    assert.equal(gap, true);
    assert.equal(next.version, 3);
});

test("join result applies operations in order", () => {
    const state = board(1, box("a", 0, 0));
    const { state: next, gap } = applyJoinResult(state, {
        version: 3,
        operations: [
            { version: 2, opId: "x", actor: "p", changes: [{ kind: "set", id: "a", props: { x: 10 } }] },
            { version: 3, opId: "y", actor: "p", changes: [{ kind: "set", id: "a", props: { x: 20 } }] },
        ],
    });
    assert.equal(gap, false);
    assert.equal(next.version, 3);
    assert.equal(next.elements.get("a").props.x, 20);
});

test("join result short of version is gap", () => {
    const state = board(1, box("a", 0, 0));
    const { gap } = applyJoinResult(state, {
        version: 3,
        operations: [{ version: 2, opId: "x", actor: "p", changes: [] }],
    });
    assert.equal(gap, true);
});

test("join result snapshot replaces state", () => {
    const state = board(1, box("a", 0, 0));
    const { state: next } = applyJoinResult(state, { version: 7, snapshot: { version: 7, elements: [box("b", 5, 5)] } });
    assert.equal(next.version, 7);
    assert.deepEqual([...next.elements.keys()], ["b"]);
});

test("view rebases pending on new server state", () => {
    // The own pending move of "a" was made at version 1. Someone else then changed the text of "a" (version 2).
    let confirmed = board(1, box("a", 0, 0));
    const pending = [{ opId: "mine", baseVersion: 1, changes: [{ kind: "set", id: "a", props: { x: 50, y: 60 } }] }];
    confirmed = applyOperation(confirmed, { version: 2, opId: "theirs", actor: "q", changes: [{ kind: "set", id: "a", props: { text: "hello" } }] }).state;

    const view = computeView(confirmed, pending);
    assert.equal(view.get("a").props.x, 50);
    assert.equal(view.get("a").props.y, 60);
    assert.equal(view.get("a").props.text, "hello");
});

test("view skips pending on deleted element", () => {
    let confirmed = board(1, box("a", 0, 0));
    const pending = [{ opId: "mine", baseVersion: 1, changes: [{ kind: "set", id: "a", props: { x: 50 } }] }];
    confirmed = applyOperation(confirmed, { version: 2, opId: "theirs", actor: "q", changes: [{ kind: "delete", id: "a" }] }).state;
    assert.equal(computeView(confirmed, pending).has("a"), false);
});

test("view without pending is confirmed map", () => {
    const confirmed = board(1, box("a", 0, 0));
    assert.equal(computeView(confirmed, []), confirmed.elements);
});

test("conflict drops pending and view shows server", () => {
    const confirmed = board(2, box("a", 7, 0));
    let pending = [{ opId: "mine", baseVersion: 1, changes: [{ kind: "set", id: "a", props: { x: 50 } }] }];
    assert.equal(computeView(confirmed, pending).get("a").props.x, 50);

    pending = acknowledge(pending, "mine", { status: "conflict", version: 2, conflicts: [{ elementId: "a", property: "x", message: "m" }] }, confirmed.version);
    assert.equal(pending.length, 0);
    assert.equal(computeView(confirmed, pending).get("a").props.x, 7);
});

test("rejected drops only that operation", () => {
    let pending = [{ opId: "one", changes: [] }, { opId: "two", changes: [] }];
    pending = acknowledge(pending, "one", { status: "rejected", version: 4, conflicts: [], error: "bad" }, 4);
    assert.deepEqual(pending.map(op => op.opId), ["two"]);
});

test("applied result waits for broadcast", () => {
    let pending = [{ opId: "mine", changes: [] }];
    pending = acknowledge(pending, "mine", { status: "applied", version: 5, conflicts: [] }, 4);
    assert.equal(pending.length, 1, "version 5 is not confirmed yet, so the operation stays in the view");
    assert.equal(settlePending(pending, [], 4).length, 1);
    assert.equal(settlePending(pending, [], 5).length, 0);
});

test("broadcast of own opId settles pending", () => {
    const pending = [{ opId: "one", changes: [] }, { opId: "two", changes: [] }];
    assert.deepEqual(settlePending(pending, ["two"], 0).map(op => op.opId), ["one"]);
});

test("diffProps leaves out unchanged values", () => {
    const state = board(1, box("a", 0, 0), box("b", 5, 5));
    const changes = diffProps(state.elements, new Map([["a", { x: 0, y: 10 }], ["b", { x: 5, y: 5 }]]));
    assert.deepEqual(changes, [{ kind: "set", id: "a", props: { y: 10 } }]);
});

test("copy keeps connectors between copies", () => {
    const state = board(1, box("a", 0, 0), box("b", 200, 0), box("c", 400, 0), connector("ab", "a", "b"), connector("bc", "b", "c"));
    let counter = 0;
    const copied = ["a", "b", "ab", "bc"].map(id => state.elements.get(id));
    const changes = copyChanges(copied, () => `n${counter++}`, 20, 30);

    assert.equal(changes.length, 3, "bc points to c, which is not copied");
    const byId = new Map(changes.map(change => [change.element.id, change.element]));
    assert.deepEqual(byId.get("n0").props, { ...state.elements.get("a").props, x: 20, y: 30 });
    assert.equal(byId.get("n2").props.from, "n0");
    assert.equal(byId.get("n2").props.to, "n1");

    const next = applyChanges(state.elements, changes);
    assert.equal(next.size, 8);
});

test("frame contains wholly inside elements", () => {
    const frame = { id: "f", type: "frame", props: { x: 0, y: 0, w: 300, h: 300, text: "F", color: "#90a4ae" } };
    const state = board(1, frame, box("in", 10, 10), box("edge", 250, 10), connector("k", "in", "edge"));
    assert.deepEqual(elementsInside(state.elements, frame), ["in"]);
});

test("element ids are 12 lowercase alphanumerics", () => {
    const ids = new Set();
    for (let i = 0; i < 200; i++) {
        const id = newElementId();
        assert.match(id, /^[a-z0-9]{12}$/);
        ids.add(id);
    }
    assert.equal(ids.size, 200);
});

test("empty state starts at version 0", () => {
    assert.equal(emptyState().version, 0);
});
