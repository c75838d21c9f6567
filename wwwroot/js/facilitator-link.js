// Reads the facilitator token from the room address (#facilitate=TOKEN). The fragment never reaches the server, so
// the token stays out of its logs. The room page keeps it in localStorage and removes it from the address bar.

const FRAGMENT_PREFIX = "#facilitate=";

/** Tokens are 32 random bytes in base64url (43 characters); a little slack allows longer ones. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

/** Returns the token in a fragment such as "#facilitate=abc…", or null when there is none or it is malformed. */
export function parseFacilitatorFragment(hash) {
    if (typeof hash !== "string" || !hash.startsWith(FRAGMENT_PREFIX)) {
        return null;
    }
    const token = decodeURIComponent(hash.slice(FRAGMENT_PREFIX.length).split("&")[0]);
    return TOKEN_PATTERN.test(token) ? token : null;
}

/** Returns the token in this page's address, or null. */
export function readFacilitatorFragment() {
    return parseFacilitatorFragment(window.location.hash);
}
