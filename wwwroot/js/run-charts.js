// Appends the points of new rounds to the charts of a run page in one call from the server, instead of one
// call per chart.

/**
 * Extends each chart's traces with its new points and resolves once every chart has drawn them, so that the
 * server sends a page that draws slowly fewer, larger updates. A chart that is no longer on the page, or not drawn
 * yet, is skipped.
 * @param {{ id: string, x: Array<Array<number>>, y: Array<Array<number|null>>, indices: Array<number> }[]} extensions
 *   Per chart: its element id, and per trace the rounds, the values and the trace's index.
 * @returns {Promise<void>}
 */
export async function extendCharts(extensions) {
    const drawn = [];
    for (const extension of extensions) {
        // A chart that plotly.js has not drawn yet has no traces to extend.
        const chart = document.getElementById(extension.id);
        if (chart?.data && window.Plotly) {
            drawn.push(window.Plotly.extendTraces(chart, { x: extension.x, y: extension.y }, extension.indices));
        }
    }

    await Promise.all(drawn);
}
