// Adds "Download plot as PNG" and "Download plot as SVG" buttons to the mode bar of every Plotly chart of the app.
// A mode bar button needs a click function, which the JSON configuration that Plotly.Blazor sends to plotly.js
// cannot carry, so the buttons go into plotly.js's global configuration (Plotly.setPlotConfig) instead. Each chart's
// own configuration (ChartConfig.Create in C#) removes plotly.js's single-format camera button.

const downloads = [
    { name: "downloadPng", title: "Download plot as PNG", icon: "camera", format: "png", scale: 2 },
    { name: "downloadSvg", title: "Download plot as SVG", icon: "camera-retro", format: "svg", scale: 1 },
];

let configured = false;

/**
 * Returns the file name of a chart's image: the page's title before " · FedWorkbench" (the run's name on a run
 * page), then the chart's element id, such as "Dirichlet 0.1 - accuracy-chart", so that the charts of two runs do
 * not overwrite each other. Characters that file systems reject become "-".
 * @param {HTMLElement} graph
 * @returns {string}
 */
function fileName(graph) {
    const page = (document.title || "").split(" · ")[0].trim();
    const chart = graph.id || "chart";
    const name = page && page !== "FedWorkbench" ? `${page} - ${chart}` : chart;
    return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "-").slice(0, 120);
}

/**
 * Registers the download buttons once plotly.js has loaded. Returns whether they are registered.
 * @returns {boolean}
 */
function registerButtons() {
    const plotly = window.Plotly;
    if (configured || !plotly?.setPlotConfig) {
        return configured;
    }

    plotly.setPlotConfig({
        modeBarButtonsToAdd: downloads.map(download => ({
            name: download.name,
            title: download.title,
            icon: plotly.Icons[download.icon],
            click: graph => plotly.downloadImage(graph, {
                format: download.format,
                scale: download.scale,
                filename: fileName(graph),
            }),
        })),
    });
    configured = true;
    return configured;
}

// Plotly.Blazor loads plotly.js with a script element when the first chart renders, and draws the waiting charts in
// that element's onload handler. A capturing listener on the document runs before it, so those charts get the
// buttons too.
if (!registerButtons()) {
    const onLoad = event => {
        if (event.target instanceof HTMLScriptElement && registerButtons()) {
            document.removeEventListener("load", onLoad, true);
        }
    };
    document.addEventListener("load", onLoad, true);
}
