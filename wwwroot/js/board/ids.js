// Random identifiers for elements and operations, drawn from crypto.getRandomValues.

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Returns `length` random characters of [a-z0-9]. Rejection sampling keeps every character equally likely.
 * @param {number} length
 * @returns {string}
 */
export function randomId(length = 12) {
    let result = "";
    const bytes = new Uint8Array(length * 2);
    while (result.length < length) {
        globalThis.crypto.getRandomValues(bytes);
        for (const byte of bytes) {
            // 252 = 7 × 36: bytes at or above it would favour the first characters of the alphabet.
            if (byte < 252 && result.length < length) {
                result += ALPHABET[byte % ALPHABET.length];
            }
        }
    }
    return result;
}

/** Returns a new element id: 12 characters of [a-z0-9]. */
export function newElementId() {
    return randomId(12);
}

/** Returns a new operation id. The server treats a repeated opId as a resend and applies it once. */
export function newOpId() {
    return randomId(20);
}
