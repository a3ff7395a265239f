#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compares two mbx result files with google-benchmark's compare.py."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import mbxresults as mr  # noqa: E402  (the one parser: scripts/mbxresults.py)

COMPARE = os.environ.get("MBX_COMPARE_PY", "/usr/share/benchmark/compare.py")
PY = "/usr/bin/python3"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="compare",
        description="Compare two mbx result files (results/<host>/<run>.json): print how "
                    "their context blocks differ (machine, compiler, flags, kernel, commit, "
                    "placement...), the benchmarks only one of them has, their errors, which "
                    "headline ratios (the README's comparisons, scripts/mbxresults.py "
                    "headline_ratios) moved and by how much, then google-benchmark's "
                    "compare.py table in 'benchmarks' mode (Time and CPU: relative change "
                    "from A to B, negative is faster).",
        epilog="Files from make bench hold every repetition beside the aggregates (mean, "
               "median, stddev, cv); compare.py compares each aggregate as if it were a "
               "run, and runs its U test on the repetitions. The cv aggregate is a "
               "fraction that compare.py would print as a time, so by default only the "
               "median is passed on (--aggregates chooses). Older aggregates-only files "
               "have no repetitions, so the U test is skipped for them. Needs "
               "libbenchmark-tools and python3-scipy (scripts/install-deps).")
    parser.add_argument("a", metavar="A.json", help="the baseline")
    parser.add_argument("b", metavar="B.json", help="the contender")
    parser.add_argument("--aggregates", default="median", metavar="LIST",
                        help="comma-separated aggregates to compare: median, mean, stddev, cv, "
                             "or all (default: median)")
    parser.add_argument("--moved", type=float, default=10.0, metavar="PERCENT",
                        help="a headline ratio moved when it changed by more than this "
                             "(default: 10)")
    parser.add_argument("--no-color", action="store_true", help="no colours in the table "
                        "(the default when stdout is not a terminal)")
    return parser.parse_args(argv)


def show(value):
    if value is None:
        return "(absent)"
    return value if isinstance(value, str) else json.dumps(value)


def context_differences(a, b):
    keys = list(a.context) + [k for k in b.context if k not in a.context]
    return [(k, show(a.context.get(k)), show(b.context.get(k))) for k in keys
            if a.context.get(k) != b.context.get(k)]


def canonical(run_name):
    """A row's name without google-benchmark's parameters other than threads
    (real_time, manual_time, iterations:N...), so runs from before and after
    a change of those parameters still pair up (results/README.md, migration)."""
    name = mr.Name(run_name)
    return "%s/threads:%d" % (name.base_name, name.threads)


def filtered(result, keep, directory, label):
    """A copy of the file holding only the chosen aggregates (and any
    individual repetitions), names made canonical, for compare.py."""
    entries = []
    for e in result.data["benchmarks"]:
        if e.get("run_type") == "aggregate" and keep is not None \
                and e.get("aggregate_name") not in keep:
            continue
        e = dict(e)
        run_name = canonical(e.get("run_name", e["name"]))
        e["name"] = run_name + ("_" + e["aggregate_name"]
                                if e.get("run_type") == "aggregate" else "")
        e["run_name"] = run_name
        entries.append(e)
    path = os.path.join(directory, label + ".json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"context": result.context, "benchmarks": entries}, handle)
    return path


def print_moved(a, b, threshold):
    """The headline ratios both runs have: which moved by more than threshold."""
    moves = mr.moved_ratios(a, b, threshold)
    moved = [m for m in moves if abs(m[3]) > threshold]
    print("\nheadline ratios (ns/op over ns/op): %d of %d moved by more than %.0f%%:"
          % (len(moved), len(moves), threshold * 100))
    width = max([len(m[0]) for m in moves] + [5])
    for label, ra, rb, change in moved:
        print("  %-*s  A %7.3f  B %7.3f  %+6.1f%%" % (width, label, ra, rb, change * 100))
    if len(moves) > len(moved):
        print("  (%d within %.0f%%: %s)" % (len(moves) - len(moved), threshold * 100,
                                           ", ".join(m[0] for m in moves[len(moved):])))


def main(argv):
    args = parse_args(argv)
    keep = None if args.aggregates == "all" else set(args.aggregates.split(","))
    try:
        a, b = mr.load(args.a), mr.load(args.b)
    except mr.ResultError as error:
        print("compare: %s" % error, file=sys.stderr)
        return 1
    if not os.path.exists(COMPARE):
        print("compare: %s not found: install libbenchmark-tools (scripts/install-deps)"
              % COMPARE, file=sys.stderr)
        return 1
    for module, package in (("scipy", "python3-scipy"), ("numpy", "python3-numpy")):
        probe = subprocess.run([PY, "-c", "import " + module], capture_output=True)
        if probe.returncode != 0:
            print("compare: compare.py needs %s: install %s (scripts/install-deps)"
                  % (module, package), file=sys.stderr)
            return 1
    present = {e.get("aggregate_name") for r in (a, b) for e in r.data["benchmarks"]
               if e.get("run_type") == "aggregate"}
    if keep is not None and present and not keep & present:
        print("compare: no %s aggregates in these files (they have: %s)"
              % (args.aggregates, ", ".join(sorted(present))), file=sys.stderr)
        return 2

    print("A: %s\n   %s" % (args.a, a.title()))
    print("B: %s\n   %s" % (args.b, b.title()))
    differences = context_differences(a, b)
    print("\ncontext differences (%d of %d keys):" % (
        len(differences), len(set(a.context) | set(b.context))))
    width = max([len(k) for k, _, _ in differences] + [3])
    for key, va, vb in differences:
        print("  %-*s  A: %s" % (width, key, va))
        print("  %-*s  B: %s" % (width, "", vb))
    names_a = {canonical(r.run_name) for r in a.rows} | {canonical(n) for n, _ in a.errors}
    names_b = {canonical(r.run_name) for r in b.rows} | {canonical(n) for n, _ in b.errors}
    for label, names in (("only in A", names_a - names_b), ("only in B", names_b - names_a)):
        if names:
            print("\nbenchmarks %s (%d, not compared):" % (label, len(names)))
            for name in sorted(names):
                print("  " + name)
    for label, result in (("A", a), ("B", b)):
        for name, message in result.errors:
            print("\nerror in %s: %s: %s" % (label, name, message))
    print_moved(a, b, args.moved / 100)
    print()
    sys.stdout.flush()

    directory = tempfile.mkdtemp(prefix="mbx-compare-")
    try:
        fa = filtered(a, keep, directory, "A")
        fb = filtered(b, keep, directory, "B")
        command = [PY, COMPARE]
        if args.no_color or not sys.stdout.isatty():
            command.append("--no-color")
        command += ["benchmarks", fa, fb]
        run = subprocess.run(command, capture_output=True, text=True)
        out = run.stdout.replace(fa, args.a).replace(fb, args.b)
        sys.stdout.write(out)
        sys.stderr.write(run.stderr)
        if run.returncode != 0:
            print("compare: compare.py exited %d" % run.returncode, file=sys.stderr)
        return run.returncode
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # compare ... | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
