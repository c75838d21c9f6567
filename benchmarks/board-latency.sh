#!/usr/bin/env bash
# Measures the board's delivery latency. CLIENTS SignalR clients join one board, and each moves its own note RATE
# times per second for SECONDS seconds. The client program, benchmarks/BoardLatency, prints the 50th, 95th and 99th
# percentile of the time from sending an operation to its arrival at every other client. The clients and the
# server share this machine, so the figures include both sides' CPU time.
#
# Usage: benchmarks/board-latency.sh [CLIENTS [SECONDS [RATE]]]    defaults: 20 clients, 20 s, 2 operations/s
# The script publishes the app and starts it on http://127.0.0.1:PORT (PORT defaults to 5187). With
# BOARD_URL=http://127.0.0.1:PORT, it uses an app that is already running there instead. BOARD_URL must be a
# loopback address (127.0.0.1, localhost or [::1]).
set -euo pipefail

clients="${1:-20}"
seconds="${2:-20}"
rate="${3:-2}"

url="${BOARD_URL:-}"
if [[ -n "$url" && ! "$url" =~ ^https?://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?/?$ ]]; then
    echo "board-latency: invalid BOARD_URL '$url'. Use a loopback address such as http://127.0.0.1:5187." >&2
    exit 1
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]]; then
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT

dotnet build "$root/benchmarks/BoardLatency" --configuration Release --verbosity quiet --nologo > "$scratch/build.log" \
    || { cat "$scratch/build.log"; exit 1; }

if [[ -z "$url" ]]; then
    port="${PORT:-5187}"
    url="http://127.0.0.1:$port"
    bash "$root/scripts/publish.sh" "$scratch/app" > "$scratch/publish.log" || { cat "$scratch/publish.log"; exit 1; }
    (
        cd "$scratch/app"
        Storage__DataFolder="$scratch/data" AllowedHosts="127.0.0.1" Logging__LogLevel__Default=Warning \
            exec dotnet FedWorkbench.Web.dll --urls "$url"
    ) > "$scratch/app.log" 2>&1 &
    app_pid=$!

    # Wait up to 60 s (120 tries, 0.5 s apart) for the app to respond to HTTP requests.
    ready=false
    for _ in $(seq 1 120); do
        if curl --silent --fail --output /dev/null "$url/api/runs"; then
            ready=true
            break
        fi
        if ! kill -0 "$app_pid" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    if [[ "$ready" != true ]]; then
        echo "board-latency: the app at $url exited or did not respond within 60 s. Its log follows." >&2
        cat "$scratch/app.log" >&2
        exit 1
    fi
fi

dotnet "$root/benchmarks/BoardLatency/bin/Release/net10.0/BoardLatency.dll" \
    --url "$url" --clients "$clients" --seconds "$seconds" --rate "$rate"
