// Starts loading plotly.js through Plotly.Blazor's own loader while the browser is idle, so that a page opened next
// draws its charts without first waiting for the script. Parsing and running the 4.8 MB script took about 1.5 s
// in headless Chromium on a 2-core machine.

/**
 * Imports Plotly.Blazor's interop module and calls its importScript with the element id and address that
 * Plotly.Blazor itself passes, so that its later call finds the script loaded and draws at once. A failure only
 * logs a warning, because the charts then load the script themselves.
 * @param {string} interopPath Address of Plotly.Blazor's interop module, relative to the document's base.
 * @param {string} elementId Id of the script element Plotly.Blazor creates.
 * @param {string} scriptPath Address of plotly.js exactly as Plotly.Blazor passes it.
 */
export function preloadPlotly(interopPath, elementId, scriptPath) {
    if (window.Plotly || document.getElementById(elementId)) {
        return;
    }

    const load = () => import(new URL(interopPath, document.baseURI).href)
        .then(interop => interop.importScript(elementId, scriptPath))
        .catch(error => console.warn(`Preloading plotly.js from ${scriptPath} failed; the charts load it when they open.`, error));
    if ("requestIdleCallback" in window) {
        window.requestIdleCallback(load, { timeout: 2000 });
    } else {
        setTimeout(load, 0);
    }
}
