#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The awake enqueue at 1 (or N) producers, before and after: each row's CPU
ns per id pooled over result files (medians over every repetition of every
file), over floor/reference_path of the same files, and the steps of
announced's mbx_enqueue (dispatch: unquiesced - inline; marker: enqueue -
unquiesced).

  pool.py THREADS BEFORE.json... -- AFTER.json...

CPU time, not wall: the machine was shared (load 5-8), which doubles a
1-thread row's wall time but not its CPU time (the row never sleeps).
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "scripts"))
import mbxresults  # noqa: E402  (the one parser module)


def cpu_per_id(row):
    """CPU ns per id of each repetition (ids = items_per_second * real_time)."""
    ips, wall, cpu = (row.values.get(k, []) for k in ("items_per_second", "real_time",
                                                       "cpu_time"))
    return [c / (i * w * 1e-9) for i, w, c in zip(ips, wall, cpu) if i * w > 0]


def pool(files, threads):
    """{row name: (median CPU ns per id, repetitions)} over files."""
    found = {}
    for path in files:
        for row in mbxresults.load(path).rows:
            if row.threads == threads and row.get("items_per_second"):
                found.setdefault(row.name.run_name.split("/iterations")[0], []).extend(
                    cpu_per_id(row))
    return {name: (statistics.median(v), len(v)) for name, v in found.items()}


def main(argv):
    if len(argv) < 4 or "--" not in argv[1:]:
        sys.exit(__doc__)
    threads, files = int(argv[0]), argv[1:]
    cut = files.index("--")
    before, after = pool(files[:cut], threads), pool(files[cut + 1:], threads)
    fb, fa = (d["floor/reference_path"][0] for d in (before, after))
    print("| row, %d producer%s | before | /floor | after | /floor | after / before | reps |"
          % (threads, "s" * (threads > 1)))
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (b, n) in before.items():
        if name in after:
            a, m = after[name]
            print("| %s | %.2f | %.3f | %.2f | %.3f | %.3f | %d + %d |"
                  % (name, b, b / fb, a, a / fa, a / b, n, m))
    for label, d in (("before", before), ("after", after)):
        for vw in ("announced/waiter_aware", "announced/waiter_handoff", "announced/spin",
                   "seed/spin"):
            e, u, i = (d.get("%s/%s/awake" % (s, vw))
                       for s in ("enqueue", "enqueue_unquiesced", "enqueue_inline"))
            if e and u and i:
                print("\n%s %s: dispatch %+.2f ns, marker %+.2f ns (%.3fx)"
                      % (label, vw, u[0] - i[0], e[0] - u[0], e[0] / u[0]), end="")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
