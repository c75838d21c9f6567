#!/usr/bin/env bash
# Installs the Debian packages that FedWorkbench needs at run time and in tests. Packages already present are skipped.
#   dataset-fashion-mnist  Fashion-MNIST in /usr/share/datasets/fashion-mnist (always)
#   libgomp1               the GNU OpenMP runtime, which LightGBM's native library loads (always)
#   chromium               /usr/bin/chromium for the Playwright end-to-end tests (with --with-browser)
#   nodejs                 node, which runs the browser board's JavaScript unit tests (with --with-node)
#   curl                   used by scripts/smoke-test.sh (with --with-curl)
#   python3-torch and libopenblas0-openmp
#                          the PyTorch reference of benchmarks/run.sh (with --with-torch)
# Runs apt-get as root, through sudo when the caller is not root.
set -euo pipefail

usage() {
  echo "Usage: bash scripts/install-prerequisites.sh [--with-browser] [--with-node] [--with-curl] [--with-torch]"
}

with_browser=false
with_node=false
with_curl=false
with_torch=false
for argument in "$@"; do
  case "$argument" in
    --with-browser) with_browser=true ;;
    --with-node) with_node=true ;;
    --with-curl) with_curl=true ;;
    --with-torch) with_torch=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install-prerequisites: unknown argument '$argument'." >&2; usage >&2; exit 2 ;;
  esac
done

packages=()
if [[ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]]; then
  packages+=(dataset-fashion-mnist)
fi
if ! dpkg-query -W -f='${Status}' libgomp1 2> /dev/null | grep -q "install ok installed"; then
  packages+=(libgomp1)
fi
if [[ "$with_browser" == true && ! -x /usr/bin/chromium ]]; then
  packages+=(chromium)
fi
if [[ "$with_node" == true ]] && ! command -v node > /dev/null; then
  packages+=(nodejs)
fi
if [[ "$with_curl" == true ]] && ! command -v curl > /dev/null; then
  packages+=(curl)
fi

if [[ "$with_torch" == true ]]; then
  # Without OpenBLAS, Debian's torch falls back to the reference BLAS, which would make the benchmark meaningless.
  for package in python3-torch libopenblas0-openmp; do
    if ! dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q "install ok installed"; then
      packages+=("$package")
    fi
  done
fi

if [[ ${#packages[@]} -eq 0 ]]; then
  echo "install-prerequisites: all prerequisites are installed."
  exit 0
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo > /dev/null; then
    echo "install-prerequisites: installing ${packages[*]} needs root, and sudo is not installed. Run this script as root." >&2
    exit 1
  fi
  as_root=(sudo)
fi

# apt-get prints pages of progress, so its output goes to a log that is shown only when a step fails.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
run_apt() {
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive "$@" > "$log" 2>&1; then
    cat "$log" >&2
    echo "install-prerequisites: '$*' failed." >&2
    exit 1
  fi
}

# The package lists may be missing or stale on a fresh machine, so refresh them before installing.
echo "install-prerequisites: apt-get update"
run_apt apt-get update -q
echo "install-prerequisites: apt-get install ${packages[*]}"
run_apt apt-get install -y -q "${packages[@]}"
echo "install-prerequisites: installed ${packages[*]}."
