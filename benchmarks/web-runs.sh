#!/usr/bin/env bash
# Web-app benchmarks of configuration (a), the FedAvg 2NN on Fashion-MNIST (K = 100, C = 0.1, E = 1, B = 10,
# η = 0.05, IID, seed 42). It publishes the app and, for each part, starts it on http://127.0.0.1:PORT with an empty
# data folder and runs benchmarks/WebRuns against it with Debian's Chromium:
#   first point: Launch click on the experiment page to the first point on the run page's accuracy chart. Each
#                repetition starts the app afresh: its first launch is cold, the next two warm.
#   watchers:    the app's CPU time per thread (utime + stime of /proc/PID/task/*/stat, by the names in comm)
#                while runs train. First no pages are open. Then 50 pages alternate between a queued run
#                (control: circuits and charts, but no rounds) and the running run (live), ALTERNATIONS live
#                phases between control phases. It splits the app's CPU into its simulation threads
#                (fedwb-sim-N) and the rest, the web side. It prints the web CPU that live pages add over the
#                control phases around them, per second as a share of all cores and per round as a share of the
#                app's CPU. It also prints how far the pages lagged behind the run. The app runs on CPU 0 and the benchmark
#                with its Chromium on the other CPUs (taskset), so that the browsers cannot starve it.
#   memory:      RSS of the idle app, with Fashion-MNIST loaded, peak during one run and during ten concurrent
#                runs (Runs:MaxConcurrentRuns=10), each of ROUNDS rounds.
#
# Usage: benchmarks/web-runs.sh [--repetitions 2] [--watchers 50] [--window-rounds 30] [--windows 3] [--alternations 3]
#                               [--draw-charts 0|1] [--memory-rounds 10]
#                               [--only first-point|watchers|memory] [--port 5401]
# Needs the dataset-fashion-mnist and chromium Debian packages.
set -euo pipefail

repetitions=2
watchers=50
window_rounds=30
windows=3
alternations=3
draw_charts=0
memory_rounds=10
only=""
port=5401
while (($# > 0)); do
    case "$1" in
        --repetitions) repetitions="$2"; shift 2 ;;
        --watchers) watchers="$2"; shift 2 ;;
        --window-rounds) window_rounds="$2"; shift 2 ;;
        --windows) windows="$2"; shift 2 ;;
        --alternations) alternations="$2"; shift 2 ;;
        --draw-charts) draw_charts="$2"; shift 2 ;;
        --memory-rounds) memory_rounds="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        *) echo "web-runs: unknown argument '$1'. Options: --repetitions N, --watchers N, --window-rounds N, --windows N, --alternations N, --draw-charts 0|1, --memory-rounds N, --only PART, --port N." >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
url="http://127.0.0.1:$port"
app_pid=""
app_starts=0
app_niceness=0
app_cpus=""

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

# Starts the published app on $url with a new empty data folder and waits up to 60 s for it to be ready.
# Extra arguments are NAME=VALUE settings passed as environment variables.
start_app() {
    app_starts=$((app_starts + 1))
    local log="$scratch/app-$app_starts.log"
    rm -rf "$scratch/data"
    (
        cd "$scratch/app"
        export ASPNETCORE_ENVIRONMENT=Production
        export Storage__DataFolder="$scratch/data"
        export AllowedHosts="127.0.0.1"
        export Logging__LogLevel__Default=Warning
        # Every browser page and API call comes from 127.0.0.1, which a real audience would not.
        export RateLimits__ApiRequestsPerMinutePerAddress=100000
        export RateLimits__RunLaunchesPerHourPerAddress=10000
        export RateLimits__ConnectionsPerAddress=10000
        for setting in "$@"; do export "${setting?}"; done
        if [[ -n "$app_cpus" ]]; then
            exec taskset -c "$app_cpus" nice -n "$app_niceness" dotnet FedWorkbench.Web.dll --urls "$url"
        fi
        exec nice -n "$app_niceness" dotnet FedWorkbench.Web.dll --urls "$url"
    ) > "$log" 2>&1 &
    app_pid=$!

    # Healthy readiness includes the start-up warm-ups (dataset load, engine rounds, store and charts), so the
    # first launch measures a ready instance rather than one still warming up. The body starts with the overall
    # status; each check in it has a status of its own.
    for _ in $(seq 1 120); do
        if curl --silent "$url/health/ready" 2> /dev/null | grep -q '^{"status":"Healthy"'; then
            return 0
        fi
        if ! kill -0 "$app_pid" 2> /dev/null; then
            break
        fi
        sleep 0.5
    done
    echo "web-runs: the app at $url exited or did not report Healthy at /health/ready within 60 s. Its log follows." >&2
    cat "$log" >&2
    exit 1
}

if curl --silent --output /dev/null "$url"; then
    echo "web-runs: port $port is already in use; pass another with --port." >&2
    exit 1
fi

echo "web-runs: publishing the app"
bash "$root/scripts/publish.sh" "$scratch/app" > "$scratch/publish.log" || { cat "$scratch/publish.log"; exit 1; }
dotnet build "$root/benchmarks/WebRuns" --configuration Release --verbosity quiet --nologo > "$scratch/build.log" \
    || { cat "$scratch/build.log"; exit 1; }
bench="$root/benchmarks/WebRuns/bin/Release/net10.0/WebRuns.dll"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -z "$only" || "$only" == first-point ]]; then
    for repetition in $(seq 1 "$repetitions"); do
        start_app
        dotnet "$bench" first-point --url "$url" --launches 3 --label cold
        stop_app
    done
fi

if [[ -z "$only" || "$only" == watchers ]]; then
    # Unpinned, a run keeps both cores busy and starved the 50 Chromium pages on 2 cores, and the pages' drawing
    # took the cores from the run in turn. Pinned, the app has CPU 0 to itself and the browsers the other CPUs.
    # Runs:MaxConcurrentRuns=1 makes the control pages' run wait behind the blocker runs, and the queue holds the
    # probe's 16 blockers and that run.
    if command -v taskset > /dev/null && (($(nproc) >= 2)); then
        app_cpus=0
        browser_prefix=(taskset -c "1-$(($(nproc) - 1))")
    else
        echo "web-runs: taskset or a second CPU is missing, so the app runs unpinned at nice 10 and the figures mix the browsers' load in."
        app_niceness=10
        browser_prefix=()
    fi
    start_app RateLimits__HubCallsPerSecondPerAddress=100000 Runs__MaxConcurrentRuns=1 Runs__QueueCapacity=20
    app_niceness=0
    app_cpus=""
    "${browser_prefix[@]}" dotnet "$bench" watchers --url "$url" --app-pid "$app_pid" --watchers "$watchers" \
        --window-rounds "$window_rounds" --windows "$windows" --alternations "$alternations" --draw-charts "$draw_charts" \
        --repetitions "$repetitions"
    stop_app
fi

if [[ -z "$only" || "$only" == memory ]]; then
    for repetition in $(seq 1 "$repetitions"); do
        start_app Runs__MaxConcurrentRuns=10 Runs__QueueCapacity=20
        dotnet "$bench" memory --url "$url" --app-pid "$app_pid" --runs 10 --rounds "$memory_rounds"
        stop_app
    done
fi

if grep -qE '^(fail|crit):' "$scratch"/app-*.log; then
    echo "web-runs: the app logged errors:" >&2
    grep -hE -A3 '^(fail|crit):' "$scratch"/app-*.log | head -40 >&2
    exit 1
fi
