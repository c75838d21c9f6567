#!/usr/bin/env bash
# Checks, offline, that the vendored SignalR browser client matches the hashes that vendor-signalr.sh recorded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/wwwroot/lib/signalr"

if [[ ! -f "$TARGET/SHA256SUMS" ]]; then
    echo "Missing $TARGET/SHA256SUMS. Run scripts/vendor-signalr.sh and commit its output." >&2
    exit 1
fi

cd "$TARGET"
if ! sha256sum --check --strict --quiet SHA256SUMS; then
    echo "The vendored SignalR client in $TARGET does not match SHA256SUMS." \
        "Run scripts/vendor-signalr.sh and commit its output." >&2
    exit 1
fi
echo "Vendored SignalR client matches SHA256SUMS."
