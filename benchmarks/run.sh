#!/usr/bin/env bash
# Compares FedWorkbench's engine with a plain PyTorch FedAvg loop on the same experiment: the FedAvg 2NN on
# Fashion-MNIST (784-200-200-10, K = 100, C = 0.1, E = 1, B = 10, lr = 0.05, IID, seed 42). The engine holds
# out no samples for per-client accuracy, so both train on all 60,000 samples.
#
# Usage: benchmarks/run.sh [REPETITIONS [ROUNDS [ENGINE_THREADS]]]    defaults: 5 repetitions, 10 rounds, 1 thread
#
# Each repetition runs `fedwb run --json` and benchmarks/pytorch_fedavg.py (one torch thread) one after the
# other, so both see the same machine load. The script prints, per implementation, the median over repetitions
# of trained samples per second, computed from the per-round JSON lines:
#   training: samples / seconds of local training (trainingSeconds), so evaluation and aggregation are left out;
#   round:    samples / seconds of whole rounds (roundSeconds), with aggregation and test-set evaluation.
# Data loading before round 1 is left out of both.
set -euo pipefail

repetitions="${1:-5}"
rounds="${2:-10}"
engine_threads="${3:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$(mktemp -d)"
trap 'rm -rf "$output"' EXIT

bash "$root/scripts/install-prerequisites.sh" --with-torch

dotnet build "$root/src/FedWorkbench.Cli" --configuration Release --verbosity quiet --nologo > "$output/build.log" \
    || { cat "$output/build.log"; exit 1; }
fedwb="$root/src/FedWorkbench.Cli/bin/Release/net10.0/fedwb.dll"

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dotnet $(dotnet --version); engine threads: $engine_threads; rounds per run: $rounds; repetitions: $repetitions"

for repetition in $(seq 1 "$repetitions"); do
    dotnet "$fedwb" run --rounds "$rounds" --threads "$engine_threads" --client-test-fraction 0 --json > "$output/engine-$repetition.jsonl"
    /usr/bin/python3 "$root/benchmarks/pytorch_fedavg.py" --rounds "$rounds" --threads 1 \
        > "$output/pytorch-$repetition.jsonl" 2> "$output/pytorch-$repetition.err"
    echo "repetition $repetition of $repetitions done"
done
head -n 1 "$output/pytorch-1.err"

/usr/bin/python3 - "$output" "$repetitions" <<'PYTHON'
import json
import statistics
import sys

folder, repetitions = sys.argv[1], int(sys.argv[2])


def rates(path):
    with open(path, encoding="utf-8") as file:
        rounds = [row for row in map(json.loads, file) if not row.get("summary")]
    samples = sum(row["trainedSamples"] for row in rounds)
    return (samples / sum(row["trainingSeconds"] for row in rounds),
            samples / sum(row["roundSeconds"] for row in rounds),
            rounds[-1]["testAccuracy"])


results = {}
for name in ("engine", "pytorch"):
    runs = [rates(f"{folder}/{name}-{repetition}.jsonl") for repetition in range(1, repetitions + 1)]
    results[name] = [statistics.median(values) for values in zip(*runs)]

print(f"{'':10} {'training samples/s':>20} {'round samples/s':>18} {'final accuracy':>16}")
for name, (training, whole, accuracy) in results.items():
    print(f"{name:10} {training:20,.0f} {whole:18,.0f} {accuracy:16.4f}")
print(f"{'ratio':10} {results['engine'][0] / results['pytorch'][0]:20.2f} {results['engine'][1] / results['pytorch'][1]:18.2f}")
PYTHON
