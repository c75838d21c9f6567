// Saves text produced on the server as a file in the browser, without a round trip through an HTTP endpoint.

/**
 * Starts a download of `text` under `fileName`.
 * @param {string} fileName name the browser suggests, for example "experiment.json"
 * @param {string} text file content
 * @param {string} contentType MIME type, for example "application/json"
 */
export function downloadText(fileName, text, contentType) {
    downloadBlob(new Blob([text], { type: contentType }), fileName);
}

/**
 * Starts a download of `blob` under `fileName`.
 * @param {Blob} blob file content
 * @param {string} fileName name the browser suggests
 */
export function downloadBlob(blob, fileName) {
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = fileName;
    anchor.rel = "noopener";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    // Revoke after the click has been handled; revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}
