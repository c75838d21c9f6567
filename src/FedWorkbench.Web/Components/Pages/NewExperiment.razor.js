// Keyboard focus after a failed launch on the experiment form.

// Second try after a section has had time to open, in case the first focus() came while it was still collapsed.
// The delay is an estimate of MudBlazor's opening animation, not a value that MudBlazor publishes.
const sectionOpenMilliseconds = 350;

/**
 * Moves keyboard focus to the first input marked invalid (aria-invalid="true") in page order, or, when every
 * invalid setting is hidden by the current choices, to the list of their messages above the form.
 */
export function focusFirstInvalid() {
    const target = document.querySelector("[data-field][aria-invalid='true'], [data-field] [aria-invalid='true']")
        ?? document.querySelector("[data-testid='hidden-field-errors']");
    if (!target) {
        return;
    }

    target.focus();
    target.scrollIntoView({ block: "center" });
    if (document.activeElement !== target) {
        setTimeout(() => target.focus(), sectionOpenMilliseconds);
    }
}
