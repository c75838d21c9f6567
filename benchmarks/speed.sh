#!/usr/bin/env bash
# Measures the training speed of FedWorkbench's engine against a plain PyTorch FedAvg loop on five Fashion-MNIST
# configurations, with evaluation of the global model on the full test set after every round:
#   a  2NN (784-200-200-10), K = 100, C = 0.1, E = 1, B = 10, lr = 0.05, IID, 50 rounds
#   b  as a, with label-sorted shards, 2 per client (McMahan et al. 2017)
#   c  softmax regression, K = 100, C = 0.1, E = 1, B = 32, lr = 0.1, IID, 50 rounds
#   d  2NN, K = 1,000, C = 0.05, E = 1, B = 10, lr = 0.05, IID, 20 rounds
#   e  2NN, K = 10,000 (6 samples each), C = 0.01, E = 1, B = 10, lr = 0.05, IID, 20 rounds
#
# Usage: benchmarks/speed.sh [--repetitions N] [--configs a,b,c,d,e] [--rounds-scale X | --quick] [--output DIR]
#   --repetitions N   runs of each side per configuration; the table shows medians (default 3)
#   --configs LIST    comma-separated configurations to run (default a,b,c,d,e)
#   --rounds-scale X  multiplies every configuration's rounds by X, rounded, at least 1 (default 1)
#   --quick           --rounds-scale 0.1 and, unless --repetitions is given, 1 repetition
#   --output DIR      keeps the raw JSON lines, standard error and GNU time output of every run in DIR
#
# Sides: the engine is one `fedwb run --json --threads 2` process with --client-test-fraction 0, so it trains on
# every sample like the reference. The reference is benchmarks/pytorch_fedavg.py run as two processes side by side
# (seeds 42 and 43), each with one torch thread and OMP_NUM_THREADS=1, so both cores are busy; the table adds
# their samples per second. Each repetition runs the sides one after the other and swaps their order on even
# repetitions, so both see the same machine load on average.
#
# The script also prints the machine, load averages, the .NET and torch versions, each side's BLAS and thread
# settings, and, when the benchmarks/Kernels project exists, its --peak probe of the float32 FMA limit.
set -euo pipefail

usage() {
    sed -n 's/^# \{0,1\}//; 10,15p' "${BASH_SOURCE[0]}"
}

fail_usage() {
    echo "speed.sh: $1" >&2
    usage >&2
    exit 2
}

repetitions=""
configs="a,b,c,d,e"
rounds_scale=1
quick=false
output=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --repetitions | --configs | --rounds-scale | --output)
            [[ $# -ge 2 ]] || fail_usage "option $1 is missing its value."
            case "$1" in
                --repetitions) repetitions="$2" ;;
                --configs) configs="$2" ;;
                --rounds-scale) rounds_scale="$2" ;;
                --output) output="$2" ;;
            esac
            shift 2
            ;;
        --quick) quick=true; shift ;;
        -h | --help) usage; exit 0 ;;
        *) fail_usage "unknown argument '$1'." ;;
    esac
done

if [[ "$quick" == true ]]; then
    rounds_scale=0.1
    repetitions="${repetitions:-1}"
fi
repetitions="${repetitions:-3}"
[[ "$repetitions" =~ ^[1-9][0-9]*$ ]] || fail_usage "--repetitions '$repetitions' is not a positive whole number."
[[ "$rounds_scale" =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] && awk -v x="$rounds_scale" 'BEGIN { exit !(x > 0) }' \
    || fail_usage "--rounds-scale '$rounds_scale' is not a positive number such as 0.1 or 2."
IFS=',' read -r -a selected <<< "$configs"
[[ ${#selected[@]} -gt 0 ]] || fail_usage "--configs is empty; give letters from a to e, such as a,c."
for config in "${selected[@]}"; do
    [[ "$config" =~ ^[a-e]$ ]] || fail_usage "--configs contains '$config'; use letters from a to e, such as a,c."
done

# Options that `fedwb run` and pytorch_fedavg.py share, and the full rounds, per configuration.
declare -A options rounds
mlp_k100="--model mlp --clients 100 --fraction 0.1 --local-epochs 1 --batch-size 10 --lr 0.05"
options[a]="$mlp_k100 --partition iid"
options[b]="$mlp_k100 --partition shards --shards-per-client 2"
options[c]="--model softmax --clients 100 --fraction 0.1 --local-epochs 1 --batch-size 32 --lr 0.1 --partition iid"
options[d]="--model mlp --clients 1000 --fraction 0.05 --local-epochs 1 --batch-size 10 --lr 0.05 --partition iid"
options[e]="--model mlp --clients 10000 --fraction 0.01 --local-epochs 1 --batch-size 10 --lr 0.05 --partition iid"
rounds=([a]=50 [b]=50 [c]=50 [d]=20 [e]=20)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "$output" ]]; then
    mkdir -p "$output"
    output="$(cd "$output" && pwd)"
else
    output="$(mktemp -d)"
    trap 'rm -rf "$output"' EXIT
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "speed.sh: GNU time (/usr/bin/time) is missing; install the Debian package 'time' to measure peak memory." >&2
    exit 1
fi

bash "$root/scripts/install-prerequisites.sh" --with-torch
dotnet build "$root/src/FedWorkbench.Cli" --configuration Release --verbosity quiet --nologo > "$output/build.log" \
    || { cat "$output/build.log"; exit 1; }
fedwb="$root/src/FedWorkbench.Cli/bin/Release/net10.0/fedwb.dll"
pytorch="$root/benchmarks/pytorch_fedavg.py"
started=$SECONDS

# OpenBLAS 0.3.21 (Debian 12) does not recognize some newer CPUs, such as Intel family 6 model 207, and falls
# back to its Prescott (SSE3) kernels, which made the reference about a third slower there. On such a CPU the
# reference runs OpenBLAS's kernels for the newest instruction set the CPU has, unless OPENBLAS_CORETYPE is set.
openblas_core="$(/usr/bin/python3 -c '
import ctypes, glob
paths = glob.glob("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas*.so*")
library = ctypes.CDLL(paths[0])
library.openblas_get_corename.restype = ctypes.c_char_p
print(library.openblas_get_corename().decode())' 2>/dev/null || echo unknown)"
openblas_note="OpenBLAS chose its ${openblas_core} kernels"
if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
    openblas_note="OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE set by the caller"
elif [[ "${openblas_core,,}" == prescott ]]; then
    if grep -q -w avx512f /proc/cpuinfo; then
        export OPENBLAS_CORETYPE=SkylakeX
    elif grep -q -w avx2 /proc/cpuinfo; then
        export OPENBLAS_CORETYPE=Haswell
    fi
    if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
        openblas_note="OpenBLAS chose Prescott for this CPU, so OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE"
    fi
fi

flags="$(grep -o -w -E 'avx2|fma|avx512f' /proc/cpuinfo | sort -u | paste -s -d ' ')"
cpu_model="$(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p')"
echo "machine: $cpu_model, $(nproc) cores, flags: ${flags:-none of avx2, fma and avx512f}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dotnet SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { print $2 }' | tail -n 1)"
# DOTNET_CLI_*, DOTNET_NOLOGO and DOTNET_GENERATE_ASPNET_CERTIFICATE only configure the SDK, so they are left out.
runtime_environment="$(env | grep -E '^(DOTNET_|FEDWB_)' | grep -v -E '^DOTNET_(CLI_|NOLOGO=|GENERATE_ASPNET_CERTIFICATE=)' \
    | sort | paste -s -d ' ' || true)"
echo "engine: dotnet fedwb.dll run --threads 2 --client-test-fraction 0 --json;" \
    "runtime environment: ${runtime_environment:-no DOTNET_ or FEDWB_ variables set}"
echo "PyTorch: 2 processes x 1 torch thread, OMP_NUM_THREADS=1; $openblas_note;" \
    "$(dpkg-query -W -f='${Package} ${Version}\n' python3-torch libopenblas0-openmp | paste -s -d ',' | sed 's/,/, /g')"
echo "repetitions: $repetitions; rounds scale: $rounds_scale; configurations: ${selected[*]}; raw output: $output"
echo

# Measures the float32 FMA limit of this machine with the --peak probe of the BenchmarkDotNet project.
if compgen -G "$root/benchmarks/Kernels/*.csproj" > /dev/null; then
    echo "float32 FMA limit (dotnet run -c Release --project benchmarks/Kernels -- --peak):"
    if ! dotnet run -c Release --project "$root/benchmarks/Kernels" -- --peak 2>&1 | tee "$output/peak.txt"; then
        echo "speed.sh: the --peak probe failed; see the lines above. The speed runs go on without it."
    fi
else
    echo "float32 FMA limit: skipped, because benchmarks/Kernels does not exist in this checkout."
fi
echo

printf 'config\trounds\toptions\n' > "$output/configs.tsv"

# Runs the engine once. Arguments: config, repetition, rounds.
run_engine() {
    local name="$1-r$2-engine"
    # The option string is split on spaces on purpose, because it contains options and their values.
    # shellcheck disable=SC2086
    if ! /usr/bin/time -f %M -o "$output/$name.time" dotnet "$fedwb" run ${options[$1]} --rounds "$3" --seed 42 \
        --client-test-fraction 0 --threads 2 --json > "$output/$name.jsonl" 2> "$output/$name.err"; then
        echo "speed.sh: the engine run of configuration $1 failed:" >&2
        cat "$output/$name.err" >&2
        exit 1
    fi
}

# Runs two PyTorch processes side by side, seeds 42 and 43. Arguments: config, repetition, rounds.
run_pytorch() {
    local process pids=()
    for process in 1 2; do
        local name="$1-r$2-pytorch$process"
        # shellcheck disable=SC2086
        OMP_NUM_THREADS=1 /usr/bin/time -f %M -o "$output/$name.time" /usr/bin/python3 "$pytorch" ${options[$1]} \
            --rounds "$3" --seed $((41 + process)) --threads 1 > "$output/$name.jsonl" 2> "$output/$name.err" &
        pids+=($!)
    done
    for process in 1 2; do
        if ! wait "${pids[$((process - 1))]}"; then
            echo "speed.sh: PyTorch process $process of configuration $1 failed:" >&2
            cat "$output/$1-r$2-pytorch$process.err" >&2
            exit 1
        fi
    done
}

for config in "${selected[@]}"; do
    config_rounds="$(awk -v r="${rounds[$config]}" -v x="$rounds_scale" \
        'BEGIN { n = int(r * x + 0.5); print (n < 1 ? 1 : n) }')"
    printf '%s\t%s\t%s\n' "$config" "$config_rounds" "${options[$config]}" >> "$output/configs.tsv"
done

for repetition in $(seq 1 "$repetitions"); do
    while IFS=$'\t' read -r config config_rounds _; do
        run_started=$SECONDS
        if (( repetition % 2 == 1 )); then
            run_engine "$config" "$repetition" "$config_rounds"
            run_pytorch "$config" "$repetition" "$config_rounds"
        else
            run_pytorch "$config" "$repetition" "$config_rounds"
            run_engine "$config" "$repetition" "$config_rounds"
        fi
        echo "repetition $repetition of $repetitions, configuration $config ($config_rounds round(s)): $((SECONDS - run_started)) s"
    done < <(tail -n +2 "$output/configs.tsv")
done
echo

/usr/bin/python3 "$root/benchmarks/speed_table.py" "$output" "$repetitions"
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); runs took $((SECONDS - started)) s"
