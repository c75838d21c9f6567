#!/usr/bin/env python3
"""Trim the JSON lines of `fedwb run --json` and summarize fidelity runs as Markdown tables.

Usage:
  fidelity_table.py trim RAW.jsonl OUT.jsonl
      Keep the per-round fields that do not depend on the machine and drop wall-clock timings, so the stored
      results are small and the same for every run of the same experiment and seed.
  fidelity_table.py table RESULTS_DIR
      Read RESULTS_DIR/runs.tsv (group, name, target accuracy, options; tab-separated) and the trimmed
      RESULTS_DIR/NAME.jsonl of each run, then print one Markdown table per group.
"""

import json
import math
import sys
from collections import OrderedDict

# Per-round fields that `trim` keeps. It drops the wall-clock fields (roundSeconds, elapsedSeconds,
# trainingSeconds) because they vary between runs. It drops the per-client accuracy fields because the fidelity
# runs turn the held-out split off.
KEPT_ROUND_FIELDS = (
    "round",
    "testAccuracy",
    "testLoss",
    "trainLoss",
    "sampledClients",
    "aggregatedClients",
    "reportedClients",
    "droppedClients",
    "maliciousClients",
    "globalModelKeptReason",
)
KEPT_SUMMARY_FIELDS = ("summary", "rounds", "plannedRounds", "cancelled", "finalTestAccuracy",
                       "bestTestAccuracy", "bestRound")


def trim(raw_path, out_path):
    """Write the kept fields of every line of RAW_PATH to OUT_PATH, with the count of rejected updates."""
    with open(raw_path, encoding="utf-8") as raw, open(out_path, "w", encoding="utf-8") as out:
        for line in raw:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("summary"):
                kept = {key: row[key] for key in KEPT_SUMMARY_FIELDS if key in row}
            else:
                kept = {key: row[key] for key in KEPT_ROUND_FIELDS if key in row}
                kept["rejectedUpdates"] = len(row.get("rejectedUpdates") or [])
            out.write(json.dumps(kept, separators=(",", ":")) + "\n")


def accuracy(value):
    """Convert a test accuracy to a float. The CLI writes a diverged value as a string such as "NaN"."""
    return float(value) if value is not None else math.nan


def summarize(path, target):
    """Return final accuracy, best accuracy, its round and the first round at or above TARGET (None if never)."""
    with open(path, encoding="utf-8") as file:
        rows = [json.loads(line) for line in file if line.strip()]
    rounds = [row for row in rows if not row.get("summary")]
    if not rounds:
        return None
    accuracies = [accuracy(row["testAccuracy"]) for row in rounds]
    finite = [(value, row["round"]) for value, row in zip(accuracies, rounds) if not math.isnan(value)]
    # The earliest round wins a tie for the best accuracy.
    best, best_round = max(finite, key=lambda pair: (pair[0], -pair[1])) if finite else (math.nan, None)
    first_at_target = next((row["round"] for value, row in zip(accuracies, rounds) if value >= target), None)
    return {
        "rounds": len(rounds),
        "final": accuracies[-1],
        "best": best,
        "best_round": best_round,
        "first_at_target": first_at_target,
    }


def percent(value):
    return "n/a" if math.isnan(value) else f"{100 * value:.1f}%"


def table(results_dir):
    """Print one Markdown table per group listed in RESULTS_DIR/runs.tsv."""
    groups = OrderedDict()
    with open(f"{results_dir}/runs.tsv", encoding="utf-8") as file:
        for line in file:
            if not line.strip():
                continue
            group, name, target, options = line.rstrip("\n").split("\t")
            groups.setdefault(group, []).append((name, float(target), options))

    # The groups of benchmarks/fidelity.sh come in the order of docs/fidelity.md, any other group after them.
    order = ("mcmahan", "niid", "niid-sgd", "robust")
    ranked = sorted(groups, key=lambda name: order.index(name) if name in order else len(order))
    for group in ranked:
        runs = groups[group]
        print(f"### {group}\n")
        print("| run | rounds | final accuracy | best accuracy (round) | first round ≥ target | options |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for name, target, options in runs:
            result = summarize(f"{results_dir}/{name}.jsonl", target)
            if result is None:
                print(f"| {name} | 0 | n/a | n/a | n/a | `{options}` |")
                continue
            reached = result["first_at_target"]
            reached_text = f"{reached} (≥ {percent(target)})" if reached is not None else f"never (≥ {percent(target)})"
            print(f"| {name} | {result['rounds']} | {percent(result['final'])} | "
                  f"{percent(result['best'])} ({result['best_round']}) | {reached_text} | `{options}` |")
        print()


def main(arguments):
    if len(arguments) == 3 and arguments[0] == "trim":
        trim(arguments[1], arguments[2])
    elif len(arguments) == 2 and arguments[0] == "table":
        table(arguments[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
