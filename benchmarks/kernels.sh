#!/usr/bin/env bash
# Runs the BenchmarkDotNet micro-benchmarks of the engine's kernels (benchmarks/Kernels): the dense-layer kernels
# of the 2NN at B = 10, the SGD steps, evaluation of the 10,000 test images, aggregation, the work per client
# outside its SGD step, and OpenBLAS sgemm when libopenblas.so.0 is installed. It prints BenchmarkDotNet's summary
# tables with a GFLOP/s column, and the kernel path the engine ran.
#
# Usage: benchmarks/kernels.sh [--peak | --step-loop | --full] [BenchmarkDotNet options]
#   --peak       only the float32 FMA peak of one core and of all cores, without BenchmarkDotNet (about 3 to 5 s)
#   --step-loop  only the 2NN step at four parameter alignments and the 200×10 update in a plain loop (about 10 s)
#   --full   BenchmarkDotNet's default job instead of the short job (3 warm-up and 3 measured iterations)
#   Other options go to BenchmarkDotNet, for example --filter '*Forward*' or --list flat.
# The short job runs everything in about 5 minutes on a quiet 2-core machine; --full takes several times longer.
# Set FEDWB_KERNELS=portable, vector256 or vector512 to force a kernel path.
# Reports land in benchmarks/Kernels/BenchmarkDotNet.Artifacts/results (not tracked by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/benchmarks/Kernels"

mode=short
forwarded=()
for argument in "$@"; do
    case "$argument" in
        --peak) mode=peak ;;
        --step-loop) mode=step-loop ;;
        --full) mode=full ;;
        *) forwarded+=("$argument") ;;
    esac
done

build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
dotnet build "$project" --configuration Release --verbosity quiet --nologo > "$build_log" \
    || { cat "$build_log"; exit 1; }

program="$project/bin/Release/net10.0/Kernels.dll"
if [[ "$mode" == peak ]]; then
    exec dotnet "$program" --peak
fi

if [[ "$mode" == step-loop ]]; then
    exec dotnet "$program" --step-loop
fi

job=()
if [[ "$mode" == short ]]; then
    job=(--job short)
fi

# BenchmarkDotNet builds and starts one process per benchmark from the project folder.
cd "$project"
exec dotnet "$program" "${job[@]}" --artifacts "$project/BenchmarkDotNet.Artifacts" "${forwarded[@]}"
