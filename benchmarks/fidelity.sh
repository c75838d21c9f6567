#!/usr/bin/env bash
# Runs the experiments behind docs/fidelity.md: published federated-learning behaviour checked on Fashion-MNIST
# with `fedwb run --json`. Every run uses the 784-200-200-10 MLP (the "2NN" of McMahan et al. 2017), seed 42 and
# no held-out client split (--client-test-fraction 0), so clients train on all their samples as in the papers.
#
# Usage: benchmarks/fidelity.sh [GROUP...]    GROUP is mcmahan, niid, niid-sgd or robust; the default runs all.
#   mcmahan   FedAvg, IID against 2 label-sorted shards per client (McMahan et al. 2017): 2 runs of 200 rounds.
#   niid      FedAvg, FedProx and SCAFFOLD under Dirichlet α = 0.5 and 2 classes per client, plus FedAvg IID
#             (NIID-Bench, Li et al. 2022): 7 runs of 20 rounds, 10 clients, all sampled, 2 local epochs.
#   niid-sgd  the same label-skew runs with plain SGD (no momentum, learning rate 0.1): 6 runs.
#   robust    mean, median, trimmed mean, Krum, Multi-Krum and Bulyan under four attacks by 20% of the clients,
#             plus the mean without attack: 25 runs of 10 rounds, 20 clients, all sampled.
#
# Environment: FIDELITY_RESULTS (default benchmarks/results/fidelity) is where the trimmed JSON lines and runs.tsv
# go; FIDELITY_THREADS (default: the processor count) is passed to --threads and does not change any metric.
# The script prints a Markdown table per group in runs.tsv: final and best test accuracy, and the first round at
# or above the group's target accuracy. A group that runs again replaces its earlier rows, and the other groups'
# rows stay. On a shared 2-core machine all groups took about 12 minutes (docs/fidelity.md gives the details).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="${FIDELITY_RESULTS:-$root/benchmarks/results/fidelity}"
threads="${FIDELITY_THREADS:-$(nproc)}"
groups=("$@")
if [[ ${#groups[@]} -eq 0 ]]; then
    groups=(mcmahan niid niid-sgd robust)
fi
for group in "${groups[@]}"; do
    case "$group" in
        mcmahan | niid | niid-sgd | robust) ;;
        *) echo "fidelity.sh: unknown group '$group'; use mcmahan, niid, niid-sgd or robust." >&2; exit 2 ;;
    esac
done

bash "$root/scripts/install-prerequisites.sh"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dotnet build "$root/src/FedWorkbench.Cli" --configuration Release --verbosity quiet --nologo > "$scratch/build.log" \
    || { cat "$scratch/build.log"; exit 1; }
fedwb="$root/src/FedWorkbench.Cli/bin/Release/net10.0/fedwb.dll"
table="$root/benchmarks/fidelity_table.py"

mkdir -p "$results"
touch "$results/runs.tsv"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dotnet $(dotnet --version); threads: $threads; started $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
started=$SECONDS

# Runs one experiment. Arguments: group, run name, target accuracy, then the options of `fedwb run`.
run_experiment() {
    local group="$1" name="$2" target="$3"
    shift 3
    local run_started=$SECONDS
    printf '%s\t%s\t%s\t%s\n' "$group" "$name" "$target" "$*" >> "$results/runs.tsv"
    if ! dotnet "$fedwb" run --seed 42 --client-test-fraction 0 --threads "$threads" --json "$@" \
        > "$scratch/$name.jsonl" 2> "$scratch/$name.err"; then
        echo "fidelity.sh: run $name failed:" >&2
        cat "$scratch/$name.err" >&2
    fi
    /usr/bin/python3 "$table" trim "$scratch/$name.jsonl" "$results/$name.jsonl"
    echo "$name done in $((SECONDS - run_started)) s"
}

# McMahan et al. 2017: K = 100, C = 0.1, E = 1, B = 10. Non-IID: sort by label, 200 shards of 300, 2 per client.
mcmahan() {
    local common=(--clients 100 --fraction 0.1 --local-epochs 1 --batch-size 10 --lr 0.05 --rounds 200)
    run_experiment mcmahan mcmahan-iid 0.80 "${common[@]}" --partition iid
    run_experiment mcmahan mcmahan-shards 0.80 "${common[@]}" --partition shards --shards-per-client 2
}

# Runs FedAvg, FedProx and SCAFFOLD under both label-skew partitions. Arguments: group, then the common options.
label_skew_runs() {
    local group="$1"
    shift
    local partitions=("dirichlet:--partition dirichlet --alpha 0.5" "classes2:--partition classes --classes-per-client 2")
    local strategies=("fedavg:--strategy fedavg" "fedprox:--strategy fedprox --mu 0.01" "scaffold:--strategy scaffold")
    local partition strategy
    for partition in "${partitions[@]}"; do
        for strategy in "${strategies[@]}"; do
            # The option strings are split on spaces on purpose, because each contains an option and its value.
            # shellcheck disable=SC2086
            run_experiment "$group" "$group-${partition%%:*}-${strategy%%:*}" 0.80 "$@" ${partition#*:} ${strategy#*:}
        done
    done
}

# NIID-Bench (Li et al. 2022): 10 parties, all sampled, B = 64, lr 0.01, momentum 0.9, FedProx μ = 0.01. The paper
# runs 50 rounds of 10 local epochs; this runs 20 rounds of 2 local epochs to fit the time budget.
niid() {
    local common=(--clients 10 --fraction 1 --local-epochs 2 --batch-size 64 --lr 0.01 --momentum 0.9 --rounds 20)
    run_experiment niid niid-iid-fedavg 0.80 "${common[@]}" --partition iid --strategy fedavg
    label_skew_runs niid "${common[@]}"
}

# The niid runs with plain SGD. The learning rate 0.1 matches the long-run step of momentum 0.9 at 0.01. SCAFFOLD's
# control variates estimate the gradient from the model difference, which momentum inflates, so this group shows
# SCAFFOLD as its paper defines it, for plain SGD.
niid-sgd() {
    local common=(--clients 10 --fraction 1 --local-epochs 2 --batch-size 64 --lr 0.1 --momentum 0 --rounds 20)
    label_skew_runs niid-sgd "${common[@]}"
}

# Robust aggregation: 20 IID clients, all sampled, 4 of them (20%) malicious, so Krum (n ≥ 2f + 3) and Bulyan
# (n ≥ 4f + 3) hold with f = 4, and the trimmed mean drops ⌊0.2·20⌋ = 4 values from each end.
robust() {
    local common=(--clients 20 --fraction 1 --local-epochs 1 --batch-size 10 --lr 0.05 --rounds 10 --partition iid)
    local rules=("mean:--aggregation mean" "median:--aggregation median"
        "trimmed-mean:--aggregation trimmed-mean --trim-fraction 0.2" "krum:--aggregation krum --krum-f 4"
        "multi-krum:--aggregation multi-krum --krum-f 4" "bulyan:--aggregation bulyan --krum-f 4")
    run_experiment robust robust-none-mean 0.80 "${common[@]}" --aggregation mean
    local attack rule
    for attack in gaussian sign-flip label-flip scaling; do
        for rule in "${rules[@]}"; do
            # shellcheck disable=SC2086
            run_experiment robust "robust-$attack-${rule%%:*}" 0.80 "${common[@]}" \
                --attack "$attack" --malicious-fraction 0.2 ${rule#*:}
        done
    done
}

for group in "${groups[@]}"; do
    # Drop the group's rows from an earlier invocation, so the table shows each run once.
    awk -F '\t' -v group="$group" '$1 != group' "$results/runs.tsv" > "$scratch/runs.tsv"
    cp "$scratch/runs.tsv" "$results/runs.tsv"
    "$group"
done

echo "all runs done in $((SECONDS - started)) s"
echo
/usr/bin/python3 "$table" table "$results"
