#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""What the in-flight marker costs: each enqueue/<variant>/<wake>/awake row
(1 producer) beside its enqueue_unquiesced/ row, in the same file.

  ratios.py FILE...          one table per file
  ratios.py --pool FILE...   one table over the files (repeated runs of one binary)

Per id: wall ns (the rows' items_per_second) and CPU ns (cpu_time over the
ids of the repetition, what a loaded machine leaves intact: the row is one
thread that never sleeps, so its CPU time is its running time). Medians over
the repetitions; ratio = marked / unquiesced, diff = marked - unquiesced.
With --pool, also the median of the per-file ratios.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "scripts"))
import mbxresults  # noqa: E402  (the one parser module)


def per_id(result):
    """{(variant/wake, marked): (wall ns list, cpu ns list)} of the 1-producer awake rows."""
    rows = {}
    for row in result.rows:
        if row.threads != 1 or row.family not in ("enqueue", "enqueue_unquiesced"):
            continue
        if row.name.scenario.split("/")[1:] != ["awake"]:
            continue
        ips = row.values.get("items_per_second", [])
        wall = row.values.get("real_time", [])
        cpu = row.values.get("cpu_time", [])
        # ids of a repetition = items_per_second * real_time (ns)
        ids = [i * w * 1e-9 for i, w in zip(ips, wall)]
        key = ("%s/%s" % (row.variant, row.wake), row.family == "enqueue")
        rows[key] = ([w / n for w, n in zip(wall, ids)], [c / n for c, n in zip(cpu, ids)])
    return rows


def table(rows, ratios=None):
    med = statistics.median
    print("| row | wall marked | wall unquiesced | ratio | cpu marked | cpu unquiesced | ratio "
          "| diff (cpu) |" + (" per-run cpu ratios (median) |" if ratios else ""))
    print("| --- " * (9 if ratios else 8) + "|")
    for (name, marked), (wall, cpu) in sorted(rows.items()):
        if not marked or (name, False) not in rows:
            continue
        uwall, ucpu = rows[(name, False)]
        line = "| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f | %+.2f ns |" % (
            name, med(wall), med(uwall), med(wall) / med(uwall), med(cpu), med(ucpu),
            med(cpu) / med(ucpu), med(cpu) - med(ucpu))
        if ratios:
            line += " %s (%.3f) |" % (" ".join("%.3f" % r for r in ratios[name]),
                                      med(ratios[name]))
        print(line)


def main(argv):
    pool = argv[:1] == ["--pool"]
    files = argv[1:] if pool else argv
    if not files:
        sys.exit(__doc__)
    if not pool:
        for path in files:
            print("%s (commit %s)\n" % (path, mbxresults.load(path).commit()))
            table(per_id(mbxresults.load(path)))
            print()
        return 0
    pooled, ratios = {}, {}
    for path in files:
        rows = per_id(mbxresults.load(path))
        for key, (wall, cpu) in rows.items():
            into = pooled.setdefault(key, ([], []))
            into[0].extend(wall)
            into[1].extend(cpu)
            if key[1] and (key[0], False) in rows:
                ratios.setdefault(key[0], []).append(
                    statistics.median(cpu) / statistics.median(rows[(key[0], False)][1]))
    print("%d files: %s\n" % (len(files), ", ".join(os.path.basename(f) for f in files)))
    table(pooled, ratios)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
