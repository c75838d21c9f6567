#!/usr/bin/env bash
# Installs the prerequisites, publishes the web app and serves it on http://127.0.0.1:$PORT (default 5080).
# Runs and experiments are stored under data/ at the repository root, or in Storage__DataFolder when it is set.
# Ctrl+C stops the app.
# SKIP_PUBLISH=1 serves the app already published in artifacts/app, without installing or publishing again.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-5080}"
app_dir="$repo_root/artifacts/app"
data_dir="${Storage__DataFolder:-$repo_root/data}"

# Checked before publishing, which takes about a minute, so a second copy fails at once and says how to start it.
port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; }
if port_in_use; then
    echo "run-app: port $port is in use, perhaps by another FedWorkbench. Stop that process, or choose another port: PORT=$((port + 1)) bash scripts/run-app.sh" >&2
    echo "run-app: a second FedWorkbench also needs its own data folder: Storage__DataFolder=/tmp/fedworkbench-2 PORT=$((port + 1)) bash scripts/run-app.sh" >&2
    exit 1
fi

if [[ "${SKIP_PUBLISH:-}" == 1 ]]; then
    if [[ ! -f "$app_dir/FedWorkbench.Web.dll" ]]; then
        echo "SKIP_PUBLISH=1 needs a published app in $app_dir, which has none; run the script once without SKIP_PUBLISH." >&2
        exit 1
    fi
else
    bash "$repo_root/scripts/install-prerequisites.sh"
    bash "$repo_root/scripts/publish.sh" "$app_dir"
fi
mkdir -p "$data_dir"

url="http://127.0.0.1:$port"
echo
echo "FedWorkbench is starting at $url (data in $data_dir). Press Ctrl+C to stop it."
echo

# Run from the publish folder, so that its wwwroot is the web root, and replace this shell so that Ctrl+C
# reaches the app directly.
cd "$app_dir"
export Storage__DataFolder="$data_dir"
# The app listens on loopback only, so it also accepts only loopback host names. Another site that rebinds its
# own name to 127.0.0.1 (DNS rebinding) then gets 400 instead of reaching the API.
export AllowedHosts="localhost;127.0.0.1;[::1]"
exec dotnet FedWorkbench.Web.dll --urls "$url"
