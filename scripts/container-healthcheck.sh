#!/usr/bin/env bash
# Docker HEALTHCHECK probe of the container image: GET /health/ready on the app's own port over loopback and exit 0
# on status 200, 1 on anything else. It uses only bash's /dev/tcp and coreutils' timeout, both in Debian's slim
# image, so the image needs no curl or wget.
# Environment: ASPNETCORE_HTTP_PORTS (the image sets 8080; the first port is used),
#              HEALTHCHECK_PATH (default /health/ready), HEALTHCHECK_TIMEOUT_SECONDS (default 5).
set -uo pipefail

port="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${port%%[;,]*}"
path="${HEALTHCHECK_PATH:-/health/ready}"
timeout_seconds="${HEALTHCHECK_TIMEOUT_SECONDS:-5}"

# HTTP/1.0 makes the server close the connection after its response, so reading to the end cannot hang.
# The Host header is "localhost": keep it in AllowedHosts, or host filtering returns 400.
status_line="$(timeout "$timeout_seconds" bash -c '
  exec 3<> "/dev/tcp/127.0.0.1/$1" || exit 1
  printf "GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
  IFS= read -r line <&3 && printf "%s" "$line"
' probe "$port" "$path" 2> /dev/null)"

case "$status_line" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *)
    echo "healthcheck: GET $path on port $port returned '${status_line:-no response}'." >&2
    exit 1
    ;;
esac
