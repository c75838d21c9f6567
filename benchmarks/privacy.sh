#!/usr/bin/env bash
# Runs the privacy-utility tables of docs/privacy.md: softmax regression on Fashion-MNIST split IID over K clients
# (default 1,000 clients of 60 samples), each taking part in a round with probability 0.1 (Poisson sampling), 1
# local epoch, batch size 10,
# learning rate 0.1, 30 rounds, seed 42, no held-out client split. It trains once without differential privacy
# and once with central DP-FedAvg for each target ε, with clip norm S and δ = 1e-5, and prints a Markdown table of
# the noise multiplier the accountant chose, the ε spent after the last round and the final test accuracy.
#
# Usage: benchmarks/privacy.sh [CLIENTS [CLIP_NORM]]    defaults: 1000 clients, clip norm 1
set -euo pipefail

clients="${1:-1000}"
clip_norm="${2:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

bash "$root/scripts/install-prerequisites.sh"
dotnet build "$root/src/FedWorkbench.Cli" --configuration Release --verbosity quiet --nologo > "$scratch/build.log" \
    || { cat "$scratch/build.log"; exit 1; }
fedwb="$root/src/FedWorkbench.Cli/bin/Release/net10.0/fedwb.dll"
common=(--seed 42 --client-test-fraction 0 --model softmax --clients "$clients" --fraction 0.1 --sampling poisson
        --local-epochs 1 --batch-size 10 --lr 0.1 --rounds 30 --json)

echo "K = $clients clients, clip norm $clip_norm"
echo
echo "| mechanism | target ε | noise multiplier z | ε after 30 rounds (δ = 1e-5) | final test accuracy |"
echo "| --- | ---: | ---: | ---: | ---: |"
run() {
    local label="$1" target="$2" noise=""
    shift 2
    dotnet "$fedwb" run "${common[@]}" "$@" > "$scratch/run.jsonl"
    if [[ -n "$target" ]]; then
        # The run chooses its noise multiplier with the same accountant, from q = 0.1, 30 rounds and δ.
        noise="$(dotnet "$fedwb" privacy noise --sampling-rate 0.1 --target-epsilon "$target" --steps 30 --delta 1e-5 --json \
            | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["noiseMultiplier"])')"
    fi
    /usr/bin/python3 - "$scratch/run.jsonl" "$label" "$target" "$noise" <<'PY'
import json, sys
path, label, target, noise_text = sys.argv[1:5]
rounds = [json.loads(line) for line in open(path, encoding="utf-8") if '"round"' in line]
last = rounds[-1]
epsilon = last.get("epsilon")
if last.get("epsilonUnbounded"):
    spent = "unbounded"
elif epsilon is None:
    spent = "none"
else:
    spent = f"{epsilon:.2f}"
print(f"| {label} | {target} | {noise_text} | {spent} | {100 * last['testAccuracy']:.1f}% |")
PY
}

run "none" "" --dp none
for target in 16 8 4 2 1 0.5; do
    run "central" "$target" --dp central --clip-norm "$clip_norm" --delta 1e-5 --target-epsilon "$target"
done
