// Tests of the board's element captions. Run with: node --test tests/board-js/
import test from "node:test";
import assert from "node:assert/strict";
import { describeElement } from "../../wwwroot/js/board/layout.js";

function dataSource(props) {
    return { id: "d", type: "data-source", props: { x: 0, y: 0, w: 160, h: 80, ...props } };
}

test("data source shows its dataset", () => {
    assert.equal(describeElement(dataSource({ dataset: "fashion-mnist", table: null })), "fashion-mnist");
});

test("table data source shows file and owner", () => {
    const table = { id: "a".repeat(64), fileName: "hospital-discharges.csv", labelColumn: "discharge_outcome", ownerColumn: "hospital" };
    assert.equal(describeElement(dataSource({ dataset: "table", table })), "hospital-discharges.csv · by hospital");
});

test("table data source without owner shows file only", () => {
    const table = { id: "a".repeat(64), fileName: "loans.csv", labelColumn: "default", ownerColumn: null };
    assert.equal(describeElement(dataSource({ dataset: "table", table })), "loans.csv");
});

test("table data source without file shows placeholder", () => {
    assert.equal(describeElement(dataSource({ dataset: "table", table: null })), "CSV file");
});

test("natural client group shows count and partition", () => {
    const group = { id: "g", type: "client-group", props: { count: 5, partition: "natural" } };
    assert.equal(describeElement(group), "5 clients · natural");
});
