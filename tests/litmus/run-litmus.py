#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs the litmus programs of tests/litmus under GenMC (RC11) and prints a
table: test, expected, verdict, executions, time.

Each program lists its runs in its header comment, one line each:
    litmus: NAME [-DFLAG...] expect: holds|violated
and says what it proves in a "Property: ..." sentence there. These lines are
the one declaration of the runs: CMake registers one CTest test per run from
--list, and scripts/docs.py lists them in docs/verification.md (runs(), claim()).
GenMC exits 0 when no consistent execution violates an assertion or races
(verdict "holds") and 42 when one does ("violated", with the kind of error).

    run-litmus.py [--genmc PATH] [--only NAME] [--filter REGEX] [--list]
Exit 0: every verdict as expected; 1: a verdict differs (its GenMC output is
printed); 77: GenMC not found (CTest reports the test skipped).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RUN_LINE = re.compile(r"^\s*(?://|\*)\s*litmus:\s*(\S+)\s*(.*?)\s*expect:\s*(holds|violated)\s*$")
EXPLORED = re.compile(r"Number of complete executions explored:\s*(\d+)")
SKIP = 77
HOW_TO_GET = (
    "GenMC v0.11.0 not found, so the litmus tests are skipped (not passed). To run them: "
    "scripts/install-deps builds it into ${MBX_GENMC_CACHE:-$HOME/.cache/mbx}/genmc-0.11.0 "
    "from ../shared/tools/genmc when that copy exists; or build GenMC v0.11.0 "
    "(https://github.com/MPI-SWS/genmc) and put genmc on PATH, or configure with "
    "-DMBX_GENMC=/path/to/genmc."
)


def runs(source_dir):
    """Every (name, flags, expected, file) declared by a program's header."""
    found = []
    for path in sorted(source_dir.glob("*.c")):
        for line in path.read_text().splitlines():
            match = RUN_LINE.match(line)
            if match:
                name, flags, expected = match.groups()
                found.append((name, flags.split(), expected, path))
    return found


def header(path):
    """The text of a program's header comment, without its litmus: and edges: lines."""
    text = path.read_text()
    comment = text[text.index("/*") + 2:text.index("*/")] if "/*" in text else ""
    lines = [re.sub(r"^\s*\*\s?", "", line) for line in comment.splitlines()]
    return " ".join(line.strip() for line in lines
                     if line.strip() and not re.match(r"(litmus|edges):", line.strip()))


def claim(path):
    """What a program proves: its header's "Property: ..." sentences, else its
    first sentence (docs/verification.md lists it beside the program's runs)."""
    text = header(path)
    found = re.findall(r"Property:\s*(.+?[.?])(?=\s|$)", text)
    if not found:
        found = re.findall(r"^(.+?[.?])(?=\s|$)", text)
    return " ".join(sentence[:1].upper() + sentence[1:] for sentence in found)


def ctest_name(name, expected):
    """The CTest test of a run (CMakeLists.txt takes it from --list): litmus_<name>, and
    _expected_hazard when the run is expected to be violated."""
    test = "litmus_" + name.replace("-", "_")
    return test + "_expected_hazard" if expected == "violated" else test


def find_genmc(given):
    candidates = [given, os.environ.get("MBX_GENMC"), shutil.which("genmc")]
    cache = os.environ.get("MBX_GENMC_CACHE", os.path.expanduser("~/.cache/mbx"))
    candidates.append(os.path.join(cache, "genmc-0.11.0", "genmc"))
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def error_kind(output):
    for line in output.splitlines():
        if line.startswith("Error:"):
            return line[len("Error:"):].strip().rstrip("!").lower()
    return "error"


def check(genmc, name, flags, path):
    """(verdict, executions, seconds, output) of one run."""
    command = [genmc, "--disable-estimation", "--",
               "-Dstatic_assert=_Static_assert",
               "-I", str(ROOT / "include"), "-I", str(ROOT / "ring"), "-I", str(ROOT / "sim"),
               "-I", str(HERE),
               *flags, str(path)]
    start = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - start
    output = done.stdout
    match = EXPLORED.search(output)
    executions = match.group(1) if match else "-"
    if done.returncode == 0 and "No errors were detected" in output:
        verdict = "holds"
    elif done.returncode == 42:
        verdict = "violated (" + error_kind(output) + ")"
    else:
        verdict = "error (exit %d)" % done.returncode
    return verdict, executions, seconds, " ".join(command) + "\n" + output


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--genmc", help="the genmc binary (default: $MBX_GENMC, PATH, the cache)")
    parser.add_argument("--only", help="run the one test of this name")
    parser.add_argument("--filter", help="run the tests whose name matches this regex")
    parser.add_argument("--list", action="store_true",
                        help="print each test's name, expected verdict and CTest test name, "
                             "and stop")
    args = parser.parse_args()

    selected = runs(HERE)
    if args.only:
        selected = [r for r in selected if r[0] == args.only]
        if not selected:
            sys.exit("run-litmus: no test named %s" % args.only)
    if args.filter:
        selected = [r for r in selected if re.search(args.filter, r[0])]
    if args.list:
        for name, _, expected, _ in selected:
            print(name, expected, ctest_name(name, expected))
        return 0
    genmc = find_genmc(args.genmc)
    if not genmc:
        print("SKIPPED: " + HOW_TO_GET)
        return SKIP

    width = max([len(r[0]) for r in selected] + [4])
    row = "%-*s  %-8s  %-34s  %10s  %7s"
    print(row % (width, "test", "expected", "verdict", "executions", "time"))
    wrong = []
    for name, flags, expected, path in selected:
        verdict, executions, seconds, output = check(genmc, name, flags, path)
        ok = verdict.split()[0] == expected
        print(row % (width, name, expected, verdict + ("" if ok else "  <-- UNEXPECTED"),
                     executions, "%.2fs" % seconds), flush=True)
        if not ok:
            wrong.append((name, output))
    for name, output in wrong:
        print("\n=== %s: GenMC said\n%s" % (name, output[-6000:]))
    if wrong:
        print("\n%d of %d litmus tests did not give the expected verdict" % (len(wrong), len(selected)))
        return 1
    print("\n%d litmus tests, every verdict as expected (%s)" % (len(selected), genmc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
