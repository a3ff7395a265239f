#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every edge label the library's source declares (scripts/edges.py: R-... a
release, A-... an acquire, F-... a fence, in ring/, sim/ and include/) is named
on the "edges:" line of at least one litmus program's header, or listed in
unproved-edges.txt with the reason. Prints the map; exits 1 when a label is
neither, is listed yet proved, or is named but declared nowhere."""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import edges  # noqa: E402  (the one parser of edge labels)

EDGES_LINE = re.compile(r"^\s*(?://|\*)\s*edges:\s*(.*)$")


def proved():
    """label -> litmus programs whose header's edges: line names it."""
    tests = {}
    for path in sorted(HERE.glob("*.c")):
        for line in path.read_text().splitlines():
            match = EDGES_LINE.match(line)
            if match:
                for label in edges.MENTION.findall(match.group(1)):
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
    declared, tests, listed = edges.collect(str(ROOT)), proved(), unproved()
    wrong = []
    for label in sorted(declared):
        where = ", ".join(sorted({path for path, _ in declared[label].sites}))
        if label in tests and label in listed:
            wrong.append("%s is proved by %s: remove it from unproved-edges.txt"
                         % (label, ", ".join(tests[label])))
        elif label in tests:
            print("%-14s proved by %s" % (label, ", ".join(sorted(set(tests[label])))))
        elif label in listed:
            print("%-14s NOT PROVED: %s" % (label, listed[label]))
        else:
            wrong.append("%s (%s) is named by no litmus program's edges: line, and not "
                         "listed in tests/litmus/unproved-edges.txt" % (label, where))
    for label in sorted(set(tests) - set(declared)):
        wrong.append("%s is named by %s but declared nowhere" % (label, ", ".join(tests[label])))
    for label in sorted(set(listed) - set(declared)):
        wrong.append("%s is listed in unproved-edges.txt but declared nowhere" % label)
    for message in wrong:
        print("check-edges: " + message)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
