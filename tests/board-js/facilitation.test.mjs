// Tests of the board's facilitation helpers: locks, votes, vote dots and the shared viewport. Run with: node --test tests/board-js/
import test from "node:test";
import assert from "node:assert/strict";
import {
    DOT_SIZE, dotPositions, elementLabel, findLockProblem, fromSharedViewport, MAX_DOTS_SHOWN, normalizeLocks, NO_LOCKS,
    toSharedViewport, MIN_VOTE_BUTTON_SCREEN_RADIUS, VOTE_BUTTON_RADIUS, voteButtonLabel, voteButtonPlacement, votesToShow,
} from "../../wwwroot/js/board/facilitation.js";
import { parseFacilitatorFragment } from "../../wwwroot/js/facilitator-link.js";

const note = { id: "n1", type: "note", props: { x: 0, y: 0, w: 180, h: 140, text: "Ideas\nmore" } };
const elements = new Map([["n1", note]]);

test("findLockProblem names a locked element", () => {
    const locks = normalizeLocks({ boardId: "b", boardLocked: false, lockedElementIds: ["n1"] });
    const message = findLockProblem(locks, [{ kind: "update", id: "n1" }], elements, false);
    assert.equal(message, 'The facilitator locked the note "Ideas", so it cannot be moved or edited.');
});

test("findLockProblem lets unlocked elements change", () => {
    const locks = normalizeLocks({ boardId: "b", boardLocked: false, lockedElementIds: ["other"] });
    assert.equal(findLockProblem(locks, [{ kind: "update", id: "n1" }], elements, false), null);
});

test("findLockProblem rejects a create on a locked board", () => {
    const locks = normalizeLocks({ boardId: "b", boardLocked: true, lockedElementIds: [] });
    const change = { kind: "create", element: { id: "new", type: "note", props: {} } };
    assert.match(findLockProblem(locks, [change], elements, false), /locked this board/);
});

test("findLockProblem lets the facilitator change locked elements", () => {
    const locks = normalizeLocks({ boardId: "b", boardLocked: true, lockedElementIds: ["n1"] });
    assert.equal(findLockProblem(locks, [{ kind: "update", id: "n1" }], elements, true), null);
});

test("findLockProblem without locks returns null", () => {
    assert.equal(findLockProblem(NO_LOCKS, [{ kind: "delete", id: "n1" }], elements, false), null);
});

test("elementLabel shortens long text", () => {
    const long = { id: "x", type: "client-group", props: { text: "a".repeat(40) } };
    assert.equal(elementLabel(long), `the client group "${"a".repeat(29)}…"`);
    assert.equal(elementLabel(undefined), "this element");
    assert.equal(elementLabel({ id: "y", type: "note", props: { text: "" } }), "this note");
});

test("votesToShow shows own votes while open", () => {
    const vote = { id: "r1", boardId: "b", votesPerPerson: 3, isOpen: true, results: null };
    const mine = { voteRoundId: "r1", votes: { n1: 2, n2: 0 }, remaining: 1 };
    const shown = votesToShow(vote, mine, "b");
    assert.equal(shown.open, true);
    assert.equal(shown.remaining, 1);
    assert.deepEqual([...shown.counts], [["n1", 2]]);
});

test("votesToShow ignores votes of an earlier round", () => {
    const vote = { id: "r2", boardId: "b", votesPerPerson: 5, isOpen: true, results: null };
    const shown = votesToShow(vote, { voteRoundId: "r1", votes: { n1: 2 }, remaining: 1 }, "b");
    assert.equal(shown.remaining, 5);
    assert.equal(shown.counts.size, 0);
});

test("votesToShow shows totals after the end", () => {
    const vote = { id: "r1", boardId: "b", votesPerPerson: 3, isOpen: false, results: [{ elementId: "n1", votes: 4 }] };
    const shown = votesToShow(vote, null, "b");
    assert.equal(shown.open, false);
    assert.equal(shown.counts.get("n1"), 4);
});

test("votesToShow shows nothing for another board", () => {
    const vote = { id: "r1", boardId: "other", votesPerPerson: 3, isOpen: true, results: null };
    assert.equal(votesToShow(vote, null, "b").counts.size, 0);
    assert.equal(votesToShow(null, null, "b").open, false);
});

test("dotPositions caps and wraps the dots inside the note", () => {
    const box = { x: 100, y: 50, w: 80, h: 140 };
    const perRow = Math.floor((box.w - 40) / (DOT_SIZE + 4));
    const positions = dotPositions(MAX_DOTS_SHOWN + 5, box);
    assert.equal(positions.length, MAX_DOTS_SHOWN);
    assert.equal(positions[perRow].y, positions[0].y - (DOT_SIZE + 4));
    for (const p of positions) {
        assert.ok(p.x > box.x, `x ${p.x} should lie right of the note's left edge`);
        assert.ok(p.x < box.x + box.w, `x ${p.x} should lie left of the note's right edge`);
        assert.ok(p.y > box.y, `y ${p.y} should lie below the note's top edge`);
        assert.ok(p.y < box.y + box.h, `y ${p.y} should lie above the note's bottom edge`);
    }
});

test("shared viewport round-trips", () => {
    const viewport = { x: -200, y: 120, scale: 0.5 };
    const shared = toSharedViewport(viewport);
    assert.deepEqual(shared, { x: 400, y: -240, zoom: 0.5 });
    assert.deepEqual(fromSharedViewport(shared, 0.02, 4), viewport);
});

test("fromSharedViewport clamps the zoom and rejects malformed input", () => {
    assert.equal(fromSharedViewport({ x: 0, y: 0, zoom: 10 }, 0.02, 4).scale, 4);
    assert.equal(fromSharedViewport({ x: "a", y: 0, zoom: 1 }, 0.02, 4), null);
    assert.equal(fromSharedViewport({ x: 0, y: 0, zoom: 0 }, 0.02, 4), null);
    assert.equal(fromSharedViewport(null, 0.02, 4), null);
});

test("parseFacilitatorFragment reads the token", () => {
    const token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_-01234";
    assert.equal(parseFacilitatorFragment(`#facilitate=${token}`), token);
    assert.equal(parseFacilitatorFragment("#facilitate=short"), null);
    assert.equal(parseFacilitatorFragment("#other=abc"), null);
    assert.equal(parseFacilitatorFragment(""), null);
    assert.equal(parseFacilitatorFragment(`#facilitate=${token}<script>`), null);
});

test("voteButtonLabel names the note by its first line", () => {
    assert.equal(voteButtonLabel(note), "Vote for note: Ideas");
});

test("voteButtonLabel shortens long text and names an empty note", () => {
    const long = { ...note, props: { ...note.props, text: "x".repeat(80) } };
    assert.equal(voteButtonLabel(long), `Vote for note: ${"x".repeat(59)}…`);
    assert.equal(voteButtonLabel({ ...note, props: { ...note.props, text: "  " } }), "Vote for note: (no text)");
});

test("voteButtonPlacement keeps 24 px on screen at any zoom", () => {
    for (const scale of [0.1, 0.29, 0.5, 1, 2]) {
        const place = voteButtonPlacement(note.props, scale);
        const screenDiameter = 2 * VOTE_BUTTON_RADIUS * place.factor * scale;
        assert.ok(screenDiameter >= 2 * MIN_VOTE_BUTTON_SCREEN_RADIUS - 1e-9, `diameter ${screenDiameter} px at zoom ${scale}`);
    }
    assert.equal(voteButtonPlacement(note.props, 2).factor, 1);
});

test("voteButtonPlacement stays clear of the corner handle", () => {
    // render.js draws the bottom-right resize handle as an 8 px square centred on the note's corner.
    const handleHalf = 4;
    for (const scale of [0.1, 0.29, 0.5, 1, 2]) {
        const place = voteButtonPlacement(note.props, scale);
        const radius = VOTE_BUTTON_RADIUS * place.factor * scale;
        const cornerX = (note.props.x + note.props.w) * scale;
        const cornerY = (note.props.y + note.props.h) * scale;
        const dx = Math.max(0, cornerX - handleHalf - place.x * scale);
        const dy = Math.max(0, cornerY - handleHalf - place.y * scale);
        assert.ok(Math.hypot(dx, dy) > radius, `zoom ${scale}: the handle overlaps the button`);
    }
});
