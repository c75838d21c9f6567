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

source "$repo_root/scripts/lib/start-published-app.sh"
start_published_app "$app_dir" "$work_dir/data" "$log" board-screenshots "$start_timeout_seconds"

FEDWB_SCREENSHOT_APP_URL="$base_url/" FEDWB_SCREENSHOT_DIR="$output_dir" \
  dotnet test "$repo_root/tests/FedWorkbench.Web.Tests" --filter "FullyQualifiedName~BoardScreenshots" \
  --logger "console;verbosity=normal" || fail "the screenshot tests failed."
echo "board-screenshots: saved board-template.png and board-with-run.png in $output_dir"
