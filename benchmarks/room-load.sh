#!/usr/bin/env bash
# Load test of one workshop room. It publishes the app, starts it on http://127.0.0.1:PORT with an empty data folder,
# and runs benchmarks/RoomLoad: PARTICIPANTS SignalR clients join one board, edit it at a human rate, move cursors,
# vote and follow a Fashion-MNIST run (FedAvg 2NN, K = 100, C = 0.1) launched from the board. It prints
# latency percentiles, errors by kind and rounds per follower, and checks that every client's board equals the API's.
# Votes are on unless --no-votes: the load program starts a vote round through POST /api/rooms/{code}/votes with the
# facilitator token, and after the load ends it and checks the results against every participant's own votes.
# Then it stops the app, starts it again on the same data folder and checks that the board read back from the database
# is the same. The exit status is non-zero on any error or inconsistency.
#
# Usage: benchmarks/room-load.sh [--participants 50] [--seconds 60] [--rounds 1000] [--no-votes] [--port 5361]
#        benchmarks/room-load.sh --ci     the shorter variant: 10 participants for 10 s
#
# All simulated participants connect from 127.0.0.1, so the script raises the per-address limits that a real
# workshop (one address per person) would not reach; see docs/benchmarks.md. The Fashion-MNIST files must be
# installed (Debian package dataset-fashion-mnist).
set -euo pipefail

participants=50
seconds=60
rounds=1000
port=5361
votes=()
while (($# > 0)); do
    case "$1" in
        --participants) participants="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --no-votes) votes=(--no-votes); shift ;;
        --ci) participants=10; seconds=10; shift ;;
        *) echo "room-load: unknown argument '$1'. Options: --participants N, --seconds N, --rounds N, --port N, --no-votes, --ci." >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
url="http://127.0.0.1:$port"
app_pid=""

stop_app() {
    if [[ -n "$app_pid" ]]; then
        kill -TERM "$app_pid" 2> /dev/null || true
        wait "$app_pid" 2> /dev/null || true
        app_pid=""
    fi
}
cleanup() {
    stop_app
    rm -rf "$scratch"
}
trap cleanup EXIT

# Starts the published app on $url with its data in $scratch/data and waits up to 60 s for it to respond.
start_app() {
    local log="$1"
    (
        cd "$scratch/app"
        export ASPNETCORE_ENVIRONMENT=Production
        export Storage__DataFolder="$scratch/data"
        export AllowedHosts="127.0.0.1"
        export Logging__LogLevel__Default=Warning
        # Every participant comes from 127.0.0.1. These per-address limits would otherwise count the whole room
        # as one person and reject most of its calls.
        export RateLimits__HubCallsPerSecondPerAddress=100000
        export RateLimits__ApiRequestsPerMinutePerAddress=100000
        export RateLimits__ConnectionsPerAddress=10000
        exec dotnet FedWorkbench.Web.dll --urls "$url"
    ) > "$log" 2>&1 &
    app_pid=$!

    for _ in $(seq 1 120); do
        if curl --silent --fail --output /dev/null "$url/api/runs"; then
            return 0
        fi
        if ! kill -0 "$app_pid" 2> /dev/null; then
            break
        fi
        sleep 0.5
    done
    echo "room-load: the app at $url exited or did not respond within 60 s. Its log follows." >&2
    cat "$log" >&2
    exit 1
}

if curl --silent --output /dev/null "$url"; then
    echo "room-load: port $port is already in use; pass another with --port." >&2
    exit 1
fi

echo "room-load: publishing the app"
bash "$root/scripts/publish.sh" "$scratch/app" > "$scratch/publish.log" || { cat "$scratch/publish.log"; exit 1; }
dotnet build "$root/benchmarks/RoomLoad" --configuration Release --verbosity quiet --nologo > "$scratch/build.log" \
    || { cat "$scratch/build.log"; exit 1; }
load="$root/benchmarks/RoomLoad/bin/Release/net10.0/RoomLoad.dll"

start_app "$scratch/app.log"
echo "room-load: the app listens on $url (PID $app_pid); $participants participants for $seconds s"
status=0
dotnet "$load" --url "$url" --participants "$participants" --seconds "$seconds" --rounds "$rounds" \
    "${votes[@]}" --state-file "$scratch/board.json" || status=$?

echo "room-load: restarting the app on the same data folder"
stop_app
start_app "$scratch/app-restarted.log"
dotnet "$load" --url "$url" --verify --state-file "$scratch/board.json" || status=1
stop_app

if grep -qE '^(fail|crit):' "$scratch/app.log" "$scratch/app-restarted.log"; then
    echo "room-load: the app logged errors:" >&2
    grep -hE -A3 '^(fail|crit):' "$scratch/app.log" "$scratch/app-restarted.log" | head -40 >&2
    status=1
fi
exit "$status"
