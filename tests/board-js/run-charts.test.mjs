// Tests of the run page's chart module against a fake document and plotly.js. Run with: node --test tests/board-js/
import test from "node:test";
import assert from "node:assert/strict";
import { extendCharts } from "../../wwwroot/js/run-charts.js";

/**
 * Installs a document with the given drawn charts and a Plotly whose extendTraces records its calls. Each call's
 * drawing finishes at once, unless holdDrawing is set; then settleDrawing finishes the last one.
 */
function fakePage(chartIds, holdDrawing = false) {
    const charts = new Map(chartIds.map(id => [id, { id, data: [] }]));
    const calls = [];
    let settle = () => {};
    globalThis.document = { getElementById: id => charts.get(id) ?? null };
    globalThis.window = {
        Plotly: {
            extendTraces(chart, update, indices) {
                calls.push({ chart: chart.id, update, indices });
                return holdDrawing ? new Promise(resolve => { settle = resolve; }) : Promise.resolve(chart);
            },
        },
    };
    return { calls, settleDrawing: () => settle() };
}

test("extendCharts extends each chart with its own traces, in order", async () => {
    const page = fakePage(["accuracy-chart", "loss-chart"]);

    await extendCharts([
        { id: "accuracy-chart", x: [[3, 4]], y: [[0.5, 0.6]], indices: [0] },
        { id: "loss-chart", x: [[3, 4], [3, 4]], y: [[1.2, 1.1], [null, 0.9]], indices: [0, 1] },
    ]);

    assert.deepEqual(page.calls, [
        { chart: "accuracy-chart", update: { x: [[3, 4]], y: [[0.5, 0.6]] }, indices: [0] },
        { chart: "loss-chart", update: { x: [[3, 4], [3, 4]], y: [[1.2, 1.1], [null, 0.9]] }, indices: [0, 1] },
    ]);
});

test("extendCharts extends the first chart before a later task extends the next", async () => {
    const page = fakePage(["accuracy-chart", "loss-chart"]);

    const done = extendCharts([
        { id: "accuracy-chart", x: [[1]], y: [[0.1]], indices: [0] },
        { id: "loss-chart", x: [[1]], y: [[2.3]], indices: [0] },
    ]);
    const callsInFirstTask = page.calls.length;
    await done;

    assert.equal(callsInFirstTask, 1);
    assert.equal(page.calls.length, 2);
});

test("extendCharts skips a chart that left the page", async () => {
    const page = fakePage(["accuracy-chart"]);

    await extendCharts([{ id: "bytes-chart", x: [[1]], y: [[10]], indices: [0] }]);

    assert.deepEqual(page.calls, []);
});

test("extendCharts skips a chart that plotly.js has not drawn yet", async () => {
    const page = fakePage(["accuracy-chart"]);
    delete document.getElementById("accuracy-chart").data;

    await extendCharts([{ id: "accuracy-chart", x: [[1]], y: [[0.1]], indices: [0] }]);

    assert.deepEqual(page.calls, []);
});

test("extendCharts resolves once every chart has drawn", async () => {
    const page = fakePage(["accuracy-chart"], true);
    let resolved = false;

    const done = extendCharts([{ id: "accuracy-chart", x: [[1]], y: [[0.1]], indices: [0] }]).then(() => { resolved = true; });
    await Promise.resolve();
    const before = resolved;
    page.settleDrawing();
    await done;

    assert.equal(before, false);
    assert.equal(resolved, true);
});
