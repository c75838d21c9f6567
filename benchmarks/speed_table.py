#!/usr/bin/python3
"""Summarize the runs of benchmarks/speed.sh as Markdown tables.

Usage: speed_table.py RESULTS_DIR REPETITIONS

RESULTS_DIR contains configs.tsv (config, rounds, options; tab-separated) and, per configuration C and repetition R,
C-rR-engine.jsonl and C-rR-pytorch1.jsonl, C-rR-pytorch2.jsonl with the per-round JSON lines and summary object,
each with a .time file containing GNU time's %M (peak resident set in KiB).

Rates count trained samples per second from the per-round fields, so data loading before round 1 is left out:
  training: samples / sum of trainingSeconds (local training only);
  wall:     samples / sum of roundSeconds (training, aggregation and test-set evaluation).
The PyTorch side is two processes side by side, so its rate is the sum of both processes' rates.
"""

import json
import math
import statistics
import sys

# Fashion-MNIST as the engine stores it: float32 features of 784 pixels and one byte per label, for 60,000
# training and 10,000 test images.
DATASET_BYTES = (60_000 + 10_000) * 784 * 4 + (60_000 + 10_000)
MEGABYTE = 1_000_000


def read_run(stem):
    """Return rates, final accuracy, peak RSS in bytes and the summary object of one process's run."""
    with open(f"{stem}.jsonl", encoding="utf-8") as file:
        rows = [json.loads(line) for line in file if line.strip()]
    rounds = [row for row in rows if not row.get("summary")]
    summary = next((row for row in rows if row.get("summary")), {})
    if not rounds:
        raise SystemExit(f"speed_table.py: {stem}.jsonl has no round lines; see {stem}.err.")

    samples = sum(row["trainedSamples"] for row in rounds)
    with open(f"{stem}.time", encoding="utf-8") as file:
        # GNU time writes "Command exited with non-zero status N" before %M when the command fails.
        peak_kib = int(file.read().split()[-1])
    return {
        "training": samples / sum(row["trainingSeconds"] for row in rounds),
        "wall": samples / sum(row["roundSeconds"] for row in rounds),
        "accuracy": float(rounds[-1]["testAccuracy"]),
        "rounds": len(rounds),
        "rss": peak_kib * 1024,
        "summary": summary,
    }


def read_config(folder, config, repetitions):
    """Return the per-repetition results of both sides for one configuration."""
    engine, pytorch = [], []
    for repetition in range(1, repetitions + 1):
        stem = f"{folder}/{config}-r{repetition}"
        engine.append(read_run(f"{stem}-engine"))
        processes = [read_run(f"{stem}-pytorch{process}") for process in (1, 2)]
        pytorch.append({
            "training": sum(process["training"] for process in processes),
            "wall": sum(process["wall"] for process in processes),
            "accuracies": [process["accuracy"] for process in processes],
            "rss": max(process["rss"] for process in processes),
            "summary": processes[0]["summary"],
        })
    return engine, pytorch


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def spread(runs, key):
    values = [run[key] for run in runs]
    return f"{min(values):,.0f}–{max(values):,.0f}"


def megabytes(value):
    return f"{value / MEGABYTE:,.0f}"


def percent(value):
    return "n/a" if math.isnan(value) else f"{100 * value:.2f}%"


def check(label, passed):
    return f"- {label}: {'met' if passed else 'NOT met'}"


def print_goals(results, configs):
    """Print whether the medians reach the speed, accuracy and memory goals of the configurations that ran."""
    lines = []
    if "a" in results:
        a = results["a"]
        lines.append(check("(a) training ≥ 150,000 samples/s and ≥ 3× PyTorch",
                           a["engine_training"] >= 150_000 and a["training_ratio"] >= 3))
        lines.append(check("(a) wall ≥ 95,000 samples/s and ≥ 2.5× PyTorch",
                           a["engine_wall"] >= 95_000 and a["wall_ratio"] >= 2.5))
    if "a" in results and "b" in results:
        lines.append(check("(b) training and wall samples/s within 10% of (a)",
                           results["b"]["engine_training"] >= 0.9 * results["a"]["engine_training"]
                           and results["b"]["engine_wall"] >= 0.9 * results["a"]["engine_wall"]))
    if "c" in results:
        lines.append(check("(c) wall ≥ 4× PyTorch", results["c"]["wall_ratio"] >= 4))
    for config in ("d", "e"):
        if config in results:
            lines.append(check(f"({config}) wall ≥ 2.5× PyTorch", results[config]["wall_ratio"] >= 2.5))
    for config in ("a", "b", "c"):
        if config in results:
            if configs[config] == 50:
                lines.append(check(f"({config}) final accuracy within 1 point of PyTorch's mean",
                                   abs(results[config]["accuracy_difference"]) <= 1))
            else:
                lines.append(f"- ({config}) accuracy: not checked, because the goal is at round 50 and this run "
                             f"stopped at round {configs[config]}")
    if "e" in results:
        lines.append(check("(e) engine peak RSS < 500 MB beyond the dataset",
                           results["e"]["engine_rss"] - DATASET_BYTES < 500 * MEGABYTE))
    print("Goals (on medians):")
    print("\n".join(lines))


def main(arguments):
    if len(arguments) != 2 or not arguments[1].isdigit() or int(arguments[1]) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder, repetitions = arguments[0], int(arguments[1])

    configs = {}
    with open(f"{folder}/configs.tsv", encoding="utf-8") as file:
        for line in list(file)[1:]:
            config, rounds, _ = line.rstrip("\n").split("\t")
            configs[config] = int(rounds)

    results, settings = {}, {"kernels": set(), "pytorch": set()}
    print(f"Speed, medians over {repetitions} repetition(s), trained samples per second "
          "(PyTorch: two 1-thread processes, rates added):\n")
    print("| config | rounds | engine training | PyTorch training | ratio | engine wall | PyTorch wall | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    details = []
    for config, rounds in configs.items():
        engine, pytorch = read_config(folder, config, repetitions)
        result = {
            "engine_training": median(engine, "training"),
            "engine_wall": median(engine, "wall"),
            "pytorch_training": median(pytorch, "training"),
            "pytorch_wall": median(pytorch, "wall"),
            "engine_rss": median(engine, "rss"),
            "pytorch_rss": median(pytorch, "rss"),
            "engine_accuracy": engine[-1]["accuracy"],
            "pytorch_accuracies": pytorch[-1]["accuracies"],
        }
        result["training_ratio"] = result["engine_training"] / result["pytorch_training"]
        result["wall_ratio"] = result["engine_wall"] / result["pytorch_wall"]
        result["accuracy_difference"] = 100 * (result["engine_accuracy"] - statistics.mean(result["pytorch_accuracies"]))
        results[config] = result
        print(f"| {config} | {rounds} | {result['engine_training']:,.0f} | {result['pytorch_training']:,.0f} | "
              f"{result['training_ratio']:.2f} | {result['engine_wall']:,.0f} | {result['pytorch_wall']:,.0f} | "
              f"{result['wall_ratio']:.2f} |")
        details.append(f"| {config} | {spread(engine, 'training')} | {spread(pytorch, 'training')} | "
                       f"{spread(engine, 'wall')} | {spread(pytorch, 'wall')} |")

        for run in engine:
            kernels = run["summary"].get("kernels")
            if kernels is not None:
                settings["kernels"].add(kernels if isinstance(kernels, str) else json.dumps(kernels, sort_keys=True))
        summary = pytorch[-1]["summary"]
        settings["pytorch"].add(f"torch {summary.get('torchVersion')}, {summary.get('torchThreads')} intra-op and "
                                f"{summary.get('torchInteropThreads')} inter-op thread(s), OMP_NUM_THREADS="
                                f"{summary.get('ompNumThreads')}, BLAS {', '.join(summary.get('blas') or ['none found'])}"
                                f" ({summary.get('openblas') or 'not OpenBLAS'})")

    if repetitions > 1:
        print("\nLowest–highest over the repetitions:\n")
        print("| config | engine training | PyTorch training | engine wall | PyTorch wall |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print("\n".join(details))

    print(f"\nPeak resident set (GNU time %M, median over repetitions) and final test accuracy. Dataset as the engine "
          f"stores it: {DATASET_BYTES:,} bytes = {megabytes(DATASET_BYTES)} MB (1 MB = 10^6 bytes).\n")
    print("| config | engine RSS MB | engine RSS − dataset MB | PyTorch RSS MB per process | engine accuracy | "
          "PyTorch accuracy (seed 42, 43) | engine − PyTorch mean, points |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for config, result in results.items():
        print(f"| {config} | {megabytes(result['engine_rss'])} | {megabytes(result['engine_rss'] - DATASET_BYTES)} | "
              f"{megabytes(result['pytorch_rss'])} | {percent(result['engine_accuracy'])} | "
              f"{', '.join(percent(value) for value in result['pytorch_accuracies'])} | "
              f"{result['accuracy_difference']:+.2f} |")

    print("\nengine kernels: " + ("; ".join(sorted(settings["kernels"]))
                                  or "not reported (this engine's summary has no \"kernels\" field)"))
    print("PyTorch: " + "; ".join(sorted(settings["pytorch"])))
    print()
    print_goals(results, configs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
