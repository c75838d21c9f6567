#!/usr/bin/env bash
# Starts the published web app on a free loopback port and checks /health/ready and what a browser would load
# first: the home page with content, its stylesheets (the app's own css/app.css among them) and the Blazor script,
# each with a non-empty body. A broken static-asset set-up returns 200 with an empty body, so status codes alone prove
# nothing. Stops the app by its PID afterwards.
# Usage: bash scripts/smoke-test.sh [APP_DIR]   (default artifacts/app, written by scripts/publish.sh)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="${1:-$repo_root/artifacts/app}"
min_page_bytes=500
start_timeout_seconds=90

bash "$repo_root/scripts/install-prerequisites.sh" --with-curl

if [[ ! -f "$app_dir/FedWorkbench.Web.dll" ]]; then
  echo "smoke-test: $app_dir/FedWorkbench.Web.dll not found. Run 'bash scripts/publish.sh' first." >&2
  exit 1
fi

work_dir="$(mktemp -d)"
log="$work_dir/app.log"
app_pid=""
stop_app() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2> /dev/null; then
    kill "$app_pid"
    wait "$app_pid" 2> /dev/null || true
    echo "smoke-test: stopped the app (PID $app_pid)."
  fi
  app_pid=""
}
cleanup() {
  stop_app
  rm -rf "$work_dir"
}
trap cleanup EXIT

fail() {
  echo "smoke-test: FAILED: $*" >&2
  echo "smoke-test: app log:" >&2
  sed 's/^/  /' "$log" >&2 || true
  exit 1
}

source "$repo_root/scripts/lib/start-published-app.sh"
start_published_app "$app_dir" "$work_dir/data" "$log" smoke-test "$start_timeout_seconds"

# Fetches a path of the app into a file and prints the file size in bytes. Fails on any non-2xx status.
fetch() {
  local path="$1" file="$2"
  curl --silent --show-error --fail --max-time 30 --output "$file" "$base_url/$path" || fail "GET /$path failed."
  wc -c < "$file" | tr -d ' '
}

# Readiness covers the database, its migrations, the Fashion-MNIST files, the run worker and the start-up
# warm-ups; 503 fails the fetch. While the warm-ups run (about a second) it returns 200 Degraded, so wait for Healthy.
# The body starts with the overall status; each check in it has a status of its own.
ready="$work_dir/ready.json"
for _ in $(seq 1 120); do
  fetch "health/ready" "$ready" > /dev/null
  grep -q '^{"status":"Healthy"' "$ready" && break
  sleep 0.5
done
grep -q '^{"status":"Healthy"' "$ready" || fail "GET /health/ready did not report Healthy within 60 s: $(cat "$ready")"
echo "smoke-test: GET /health/ready returned 200 Healthy."

page="$work_dir/index.html"
page_bytes="$(fetch "" "$page")"
((page_bytes >= min_page_bytes)) || fail "GET / returned $page_bytes bytes; expected at least $min_page_bytes."
echo "smoke-test: GET / returned $page_bytes bytes."

# Local stylesheet links only: absolute URLs would point at other hosts, which this check must not contact.
mapfile -t stylesheets < <(
  grep -oE '<link[^>]*rel="stylesheet"[^>]*>' "$page" | sed -nE 's/.*href="([^"]+)".*/\1/p' | grep -vE '^[a-z]+:|^//' || true
)
((${#stylesheets[@]} > 0)) || fail "GET / links no local stylesheet."
printf '%s\n' "${stylesheets[@]}" | grep -qE '(^|/)css/app[.-]' || fail "GET / does not link css/app.css: ${stylesheets[*]}"

for stylesheet in "${stylesheets[@]}"; do
  css_file="$work_dir/style.css"
  css_bytes="$(fetch "${stylesheet#/}" "$css_file")"
  grep -q '{' "$css_file" || fail "GET /$stylesheet returned $css_bytes bytes with no CSS rule."
  echo "smoke-test: GET /$stylesheet returned $css_bytes bytes."
done

blazor_script="$(grep -oE 'src="[^"]*_framework/blazor\.web[^"]*\.js"' "$page" | head -n 1 | sed -E 's/^src="([^"]+)"$/\1/' || true)"
[[ -n "$blazor_script" ]] || fail "GET / does not load _framework/blazor.web.js."
script_bytes="$(fetch "${blazor_script#/}" "$work_dir/blazor.web.js")"
((script_bytes > 0)) || fail "GET /$blazor_script returned an empty body."
echo "smoke-test: GET /$blazor_script returned $script_bytes bytes."

# The shared board is an ES module that the page imports through the import map, and it loads the vendored
# SignalR client. Both must be served with their content, not an empty body.
board_module="$(grep -oE '"\./js/board/board\.js": ?"\./js/board/board\.[^"]+\.js"' "$page" | head -n 1 | sed -E 's/.*: ?"\.\/(.+)"$/\1/' || true)"
[[ -n "$board_module" ]] || fail "the import map on GET / has no entry for ./js/board/board.js."
board_bytes="$(fetch "$board_module" "$work_dir/board.js")"
grep -q 'export function mountBoard' "$work_dir/board.js" || fail "GET /$board_module returned $board_bytes bytes without mountBoard."
echo "smoke-test: GET /$board_module returned $board_bytes bytes."
signalr_bytes="$(fetch "lib/signalr/signalr.min.js" "$work_dir/signalr.min.js")"
grep -q 'HubConnectionBuilder' "$work_dir/signalr.min.js" || fail "GET /lib/signalr/signalr.min.js returned $signalr_bytes bytes without the SignalR client."
echo "smoke-test: GET /lib/signalr/signalr.min.js returned $signalr_bytes bytes."

stop_app
echo "smoke-test: passed."
