#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every edge label defined in ring/ (R-..., A-..., F-...: a release, an acquire,
a fence, named in a "pairs with" comment) is named on the "edges:" line of at
least one litmus program's header, or listed in unproved-edges.txt with a reason.
Prints the map; exits 1 when a label is neither, or is listed yet proved."""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RING = HERE.parent.parent / "ring"
LABEL = re.compile(r"\b[RAF]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")
EDGES_LINE = re.compile(r"^\s*(?://|\*)\s*edges:\s*(.*)$")


def defined():
    labels = {}
    for path in sorted(RING.rglob("*")):
        if path.suffix in (".c", ".h"):
            for label in LABEL.findall(path.read_text()):
                labels.setdefault(label, set()).add(str(path.relative_to(RING.parent)))
    return labels


def proved():
    tests = {}
    for path in sorted(HERE.glob("*.c")):
        for line in path.read_text().splitlines():
            match = EDGES_LINE.match(line)
            if match:
                for label in match.group(1).split():
                    tests.setdefault(label, []).append(path.name)
    return tests


def unproved():
    listed = {}
    for line in (HERE / "unproved-edges.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            label, _, reason = line.partition(" ")
            listed[label] = reason.strip()
    return listed


def main():
    labels, tests, listed = defined(), proved(), unproved()
    wrong = []
    for label in sorted(labels):
        if label in tests and label in listed:
            wrong.append("%s is proved by %s: remove it from unproved-edges.txt"
                         % (label, ", ".join(tests[label])))
        elif label in tests:
            print("%-14s proved by %s" % (label, ", ".join(sorted(set(tests[label])))))
        elif label in listed:
            print("%-14s NOT PROVED: %s" % (label, listed[label]))
        else:
            wrong.append("%s (%s) is named by no litmus program's edges: line"
                         % (label, ", ".join(sorted(labels[label]))))
    for label in sorted(set(tests) - set(labels)):
        wrong.append("%s is named by %s but defined nowhere in ring/" % (label, ", ".join(tests[label])))
    for label in sorted(set(listed) - set(labels)):
        wrong.append("%s is listed in unproved-edges.txt but defined nowhere in ring/" % label)
    for message in wrong:
        print("check-edges: " + message)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
