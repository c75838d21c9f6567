#!/usr/bin/env bash
# Starts the published web app on a free loopback port and checks what a browser would load first: the home
# page with content, its stylesheets (the app's own css/app.css among them) and the Blazor script, each with a
# non-empty body. A broken static-asset set-up returns 200 with an empty body, so status codes alone prove
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

# Port 0 lets Kestrel pick a free port, which it then logs as "Now listening on: URL". The app runs from its
# publish folder so that the published wwwroot is the web root.
(
  cd "$app_dir"
  export ASPNETCORE_ENVIRONMENT=Production
  export Storage__DataFolder="$work_dir/data"
  exec dotnet FedWorkbench.Web.dll --urls "http://127.0.0.1:0"
) > "$log" 2>&1 &
app_pid=$!
echo "smoke-test: started the app from $app_dir (PID $app_pid)."

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
echo "smoke-test: the app listens on $base_url"

# Fetches a path of the app into a file and prints the file size in bytes. Fails on any non-2xx status.
fetch() {
  local path="$1" file="$2"
  curl --silent --show-error --fail --max-time 30 --output "$file" "$base_url/$path" || fail "GET /$path failed."
  wc -c < "$file" | tr -d ' '
}

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

stop_app
echo "smoke-test: passed."
