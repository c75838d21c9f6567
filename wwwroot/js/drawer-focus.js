// Keyboard support of the room's side drawers, which are MudBlazor temporary drawers. When a drawer opens, the focus
// moves to its first control. Escape closes it, and the focus then returns to the control that opened it.

const FOCUSABLE = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), "
    + "[tabindex]:not([tabindex='-1'])";

// How long to wait for the drawer to become focusable. MudBlazor shows it with a CSS transition.
const FOCUS_ATTEMPT_MS = 600;

/** @type {Map<string, { opener: Element | null, onKeyDown: (e: KeyboardEvent) => void }>} */
const openDrawers = new Map();

function findDrawer(testId) {
    return document.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
}

/** Returns the first control to focus: the first one after the header, or the close button. */
function firstControl(drawer) {
    const controls = [...drawer.querySelectorAll(FOCUSABLE)].filter(node => node.getClientRects().length > 0);
    return controls.find(node => !node.closest(".mud-drawer-header")) ?? controls[0] ?? null;
}

/**
 * Remembers the focused control as the opener, moves the focus into the drawer and closes it on Escape by
 * pressing its close button (marked with data-drawer-close), so that Blazor updates its state as for a click.
 * @param {string} testId data-testid of the drawer
 */
export function drawerOpened(testId) {
    if (openDrawers.has(testId)) {
        return;
    }
    const onKeyDown = e => {
        if (e.key !== "Escape" || e.defaultPrevented) {
            return;
        }
        const drawer = findDrawer(testId);
        // A MudSelect or menu inside the drawer closes first on its own Escape.
        if (drawer && !document.querySelector(".mud-popover-open")) {
            e.preventDefault();
            drawer.querySelector("[data-drawer-close]")?.click();
        }
    };
    document.addEventListener("keydown", onKeyDown);
    openDrawers.set(testId, { opener: document.activeElement, onKeyDown });

    const started = performance.now();
    const focusFirst = () => {
        const drawer = findDrawer(testId);
        if (!openDrawers.has(testId) || !drawer) {
            return;
        }
        const control = firstControl(drawer);
        control?.focus();
        if (!drawer.contains(document.activeElement) && performance.now() - started < FOCUS_ATTEMPT_MS) {
            requestAnimationFrame(focusFirst);
        }
    };
    requestAnimationFrame(focusFirst);
}

/**
 * Stops listening for Escape and gives the focus back to the drawer's opener, if it is still on the page and the
 * focus is not already somewhere else outside the drawer.
 * @param {string} testId data-testid of the drawer
 */
export function drawerClosed(testId) {
    const entry = openDrawers.get(testId);
    if (!entry) {
        return;
    }
    openDrawers.delete(testId);
    document.removeEventListener("keydown", entry.onKeyDown);
    const active = document.activeElement;
    const drawer = findDrawer(testId);
    const focusLost = !active || active === document.body || (drawer?.contains(active) ?? false);
    if (focusLost && entry.opener instanceof HTMLElement && entry.opener.isConnected) {
        entry.opener.focus();
    }
}
