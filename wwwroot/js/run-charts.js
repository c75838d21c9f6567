// Appends the points of new rounds to the charts of a run page in one call from the server, instead of one
// call per chart.

/** Resolves in a later task, so that the browser can paint what the current task drew. */
const nextTask = () => new Promise(resolve => setTimeout(resolve, 0));

/**
 * Extends each chart's traces with its new points, one chart per task, and resolves once every chart has drawn
 * them. The browser paints between the charts, so the first chart (test accuracy) shows its point without waiting
 * for the others, and the server sends a page that draws slowly fewer, larger updates. A chart that is no longer
 * on the page, or not drawn yet, is skipped.
 * @param {{ id: string, x: Array<Array<number>>, y: Array<Array<number|null>>, indices: Array<number> }[]} extensions
 *   Per chart: its element id, and per trace the rounds, the values and the trace's index.
 * @returns {Promise<void>}
 */
export async function extendCharts(extensions) {
    for (let i = 0; i < extensions.length; i++) {
        if (i > 0) {
            await nextTask();
        }

        // A chart that plotly.js has not drawn yet has no traces to extend.
        const extension = extensions[i];
        const chart = document.getElementById(extension.id);
        if (chart?.data && window.Plotly) {
            await window.Plotly.extendTraces(chart, { x: extension.x, y: extension.y }, extension.indices);
        }
    }
}
