# Sourced by scripts that test the published app. Defines start_published_app.

# Starts the published app from APP_DIR as Production on a free loopback port, with its data in DATA_DIR and its
# output in LOG, and waits at most TIMEOUT seconds for it to listen. Sets app_pid and base_url. Calls the
# caller's fail function when the app exits or does not listen in time. NAME prefixes the progress lines.
start_published_app() {
  local app_dir="$1" data_dir="$2" log="$3" name="$4" timeout="$5"

  # Port 0 lets Kestrel pick a free port, which it then logs as "Now listening on: URL". The app runs from its
  # publish folder so that the published wwwroot is the web root.
  (
    cd "$app_dir"
    export ASPNETCORE_ENVIRONMENT=Production
    export Storage__DataFolder="$data_dir"
    exec dotnet FedWorkbench.Web.dll --urls "http://127.0.0.1:0"
  ) > "$log" 2>&1 &
  app_pid=$!
  echo "$name: started the app from $app_dir (PID $app_pid)."

  base_url=""
  local waited
  for ((waited = 0; waited < timeout; waited++)); do
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
  [[ -n "$base_url" ]] || fail "the app did not log 'Now listening on' within $timeout s."
  echo "$name: the app listens on $base_url"
}
