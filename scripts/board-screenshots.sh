#!/usr/bin/env bash
# Takes the README's pictures of the shared board, docs/screenshots/board-template.png and board-with-run.png.
# Publishes the app, starts it in Production on a free loopback port with a temporary data folder, runs the
# BoardScreenshots tests against it with Debian's Chromium, and stops the app by its PID afterwards.
# Usage: bash scripts/board-screenshots.sh [OUTPUT_DIR]   (default docs/screenshots)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output_dir="$(realpath -m "${1:-$repo_root/docs/screenshots}")"
start_timeout_seconds=90

work_dir="$(mktemp -d)"
app_dir="$work_dir/app"
log="$work_dir/app.log"
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2> /dev/null; then
    kill "$app_pid"
    wait "$app_pid" 2> /dev/null || true
    echo "board-screenshots: stopped the app (PID $app_pid)."
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT

fail() {
  echo "board-screenshots: FAILED: $*" >&2
  echo "board-screenshots: app log:" >&2
  sed 's/^/  /' "$log" >&2 || true
  exit 1
}

bash "$repo_root/scripts/publish.sh" "$app_dir"

# Port 0 lets Kestrel pick a free port, which it then logs as "Now listening on: URL". The app runs from its
# publish folder so that the published wwwroot is the web root.
(
  cd "$app_dir"
  export ASPNETCORE_ENVIRONMENT=Production
  export Storage__DataFolder="$work_dir/data"
  exec dotnet FedWorkbench.Web.dll --urls "http://127.0.0.1:0"
) > "$log" 2>&1 &
app_pid=$!
echo "board-screenshots: started the app from $app_dir (PID $app_pid)."

base_url=""
for ((waited = 0; waited < start_timeout_seconds; waited++)); do
  base_url="$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$log" | head -n 1 | sed 's/^Now listening on: //' || true)"
  if [[ -n "$base_url" ]]; then
    break
  fi
  if ! kill -0 "$app_pid" 2> /dev/null; then
    app_pid=""
    fail "the app exited during start-up."
  fi
  sleep 1
done
[[ -n "$base_url" ]] || fail "the app did not log 'Now listening on' within $start_timeout_seconds s."
echo "board-screenshots: the app listens on $base_url"

FEDWB_SCREENSHOT_APP_URL="$base_url/" FEDWB_SCREENSHOT_DIR="$output_dir" \
  dotnet test "$repo_root/tests/FedWorkbench.Web.Tests" --filter "FullyQualifiedName~BoardScreenshots" \
  --logger "console;verbosity=normal" || fail "the screenshot tests failed."
echo "board-screenshots: saved board-template.png and board-with-run.png in $output_dir"
