#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Prints the e2e tables of results/vm/chase/README.md from its JSON files.

Each file is one mbx-bench run (--benchmark_out) of the e2e rows of
announced and of peer/xenium_vyukov; each ratio is announced over xenium in
the same run (medians over that run's repetitions), then the median of those
ratios over the runs of each side.
"""
import glob
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def medians(path):
    rows = {}
    for bench in json.load(open(path))["benchmarks"]:
        if bench.get("aggregate_name") != "median":
            continue
        name = bench["name"].split("/iterations")[0]
        threads = int(bench["name"].split("threads:")[1].split("_")[0])
        rows[(name, threads)] = 1e9 / bench["items_per_second"]
    return rows


def table(side):
    runs = [medians(path) for path in sorted(glob.glob(os.path.join(HERE, side + "-*.json")))]
    if not runs:
        return
    names = sorted({name for run in runs for (name, _) in run if "xenium" not in name})
    print(f"\n{side} ({len(runs)} runs): ns per id (median of runs) and x xenium_vyukov\n")
    print("| row | 1 producer | 2 producers | 4 producers |")
    print("| --- | ---: | ---: | ---: |")
    for name in names + ["peer/xenium_vyukov/e2e"]:
        cells = []
        for threads in (1, 2, 4):
            ns = [run[(name, threads)] for run in runs if (name, threads) in run]
            ratio = [run[(name, threads)] / run[("peer/xenium_vyukov/e2e", threads)]
                     for run in runs if (name, threads) in run]
            cells.append(f"{statistics.median(ns):.1f} ({statistics.median(ratio):.2f}x)"
                         if ns else "-")
        print(f"| `{name}` | " + " | ".join(cells) + " |")


for side in sys.argv[1:] or ["before", "after"]:
    table(side)
