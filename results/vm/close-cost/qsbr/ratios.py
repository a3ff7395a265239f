#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""What an online QSBR producer's enqueue costs: each 1-producer awake
enqueue/<variant>/<wake> row (the marker) and enqueue_qsbr/<variant>/<wake>
row (no marker, a quiescent report every N ids, timed) beside its
enqueue_unquiesced/ twin, in the same file.

  ratios.py FILE...

Per id, medians over the repetitions: wall ns (real_time over the ids of a
repetition) and CPU ns (cpu_time over them: what a loaded machine leaves
intact, the row being one thread that never sleeps); ratio = row / unquiesced,
diff = row - unquiesced.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "..", "scripts"))
import mbxresults  # noqa: E402  (the one parser module)

FAMILIES = ("enqueue", "enqueue_unquiesced", "enqueue_qsbr")


def per_id(result):
    """{(variant/wake, family): (wall ns list, cpu ns list)} of the 1-producer awake rows."""
    rows = {}
    for row in result.rows:
        if row.threads != 1 or row.family not in FAMILIES:
            continue
        if row.name.scenario.split("/")[1:2] != ["awake"]:
            continue
        ips = row.values.get("items_per_second", [])
        wall = row.values.get("real_time", [])
        cpu = row.values.get("cpu_time", [])
        ids = [i * w * 1e-9 for i, w in zip(ips, wall)]  # items_per_second * real_time (ns)
        rows[("%s/%s" % (row.variant, row.wake), row.family)] = (
            [w / n for w, n in zip(wall, ids)], [c / n for c, n in zip(cpu, ids)])
    return rows


def main(argv):
    if not argv:
        sys.exit(__doc__)
    med = statistics.median
    for path in argv:
        rows = per_id(mbxresults.load(path))
        print("%s\n" % path)
        print("| row | clock | marked | unquiesced | qsbr | marked/unq | diff | qsbr/unq | diff |")
        print("| --- " * 9 + "|")
        for name in sorted({n for n, _ in rows}):
            if any((name, f) not in rows for f in FAMILIES):
                continue
            for clock, index in (("wall", 0), ("cpu", 1)):
                m, u, q = (med(rows[(name, f)][index]) for f in FAMILIES)
                print("| %s | %s | %.2f | %.2f | %.2f | %.3f | %+.2f | %.3f | %+.2f |"
                      % (name, clock, m, u, q, m / u, m - u, q / u, q - u))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
