#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""headline: the README's tables, printed from one result file.

usage: scripts/headline RESULT.json [--section peers|dispatch|liburcu|latency|issue14|all]

Prints markdown: where the mailbox stands against the peers at 1, 2 and 4
producers; what mbx_enqueue's dispatch costs over the inline enqueue, and
both over the reference path; what the liburcu variant shows (urcu against seed, each base while
memory moves, wfcq against sequenced); wake latency against the futex
ping-pong; issue 14's goals (the corrected configuration against the best
peer). Every figure is the run's median (scripts/mbxresults.py), so the
README quotes a committed run instead of numbers typed by hand.

Each table is one entry of TABLES (a Table: its section, the line above it,
the rows it selects, its columns): a new table is one entry.
"""
import argparse
import dataclasses
import os
import sys
from typing import Callable, List, Union

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mbxresults as mr  # noqa: E402
import mdtable  # noqa: E402

THREADS = (1, 2, 4)
# The configuration mbx recommends (issue 14's "corrected configuration"): its
# variant, run with the corrected guest; the issue14 table reads its rows.
RECOMMENDED_VARIANT = "sequenced"
# The wake policies with which the guest may sleep (every one but spin).
SLEEPING_WAKES = ("waiter_aware", "waiter_handoff", "futex", "futex_private", "notify")
# What a cell says when the run has no such row (a row being built elsewhere).
ABSENT = "not in this run"


def cell(value, digits=1):
    return "-" if value is None else "%.*f" % (digits, value)


def ns(result, scenario, variant, wake, threads):
    row = result.find(scenario, variant, wake, threads)
    return row.ns_per_op() if row else None


def mark(result, scenario, variant, wake, threads):
    """† for a row whose threads (helper included) outnumber the CPUs."""
    row = result.find(scenario, variant, wake, threads)
    return "†" if row and row.oversubscribed else ""


def producers(t):
    return "%d producer%s" % (t, "s" * (t > 1))


@dataclasses.dataclass
class Column:
    header: str
    value: Callable  # (result, row) -> the cell's text


# A Table's title, rows and columns are each a value or a function of the result.
Text = Union[str, Callable]


@dataclasses.dataclass
class Table:
    section: str         # what --section selects it by
    title: Text          # the line above the table ("" for none)
    rows: Callable       # result -> the rows (any objects the columns read)
    columns: Union[List[Column], Callable]  # or result -> the columns
    note: Text = ""      # the line below the table
    empty: str = ""      # printed instead of the table when it selects no rows
    right: object = mdtable.RIGHT_BUT_FIRST  # mdtable's right=

    def render(self, result):
        rows = self.rows(result)
        if not rows and self.empty:
            return self.empty
        columns = self.columns(result) if callable(self.columns) else self.columns
        text = mdtable.table([c.header for c in columns],
                             [[c.value(result, row) for c in columns] for row in rows],
                             self.right)
        title = self.title(result) if callable(self.title) else self.title
        note = self.note(result) if callable(self.note) else self.note
        return "\n\n".join(part for part in (title, text, note) if part)


# --- peers: (label, scenario, variant, wake) per row, ns/op at 1, 2, 4 producers ---

MAILBOX_ROWS = [
    ("mailbox `seed`, producers only (spin)", "enqueue/awake", "seed", "spin"),
    ("mailbox `sequenced`, producers only (spin)", "enqueue/awake", "sequenced", "spin"),
    ("mailbox `wfcq`, producers only (spin)", "enqueue/awake", "wfcq", "spin"),
    ("mailbox `sequenced` → guest (spin)", "e2e", "sequenced", "spin"),
    ("mailbox `sequenced` → guest (waiter_handoff)", "e2e", "sequenced", "waiter_handoff"),
    ("mailbox `wfcq` → guest (spin)", "e2e", "wfcq", "spin"),
    ("mailbox `seed` → guest (futex, the reference)", "e2e", "seed", "futex"),
]
FLOOR_ROWS = [("floor (fetch_add + store)", "floor", None, None),
              ("floor + a consumer (e2e's shape)", "floor/consumer", None, None)]


def peer_names(result):
    return sorted({r.name.variant for r in result.throughput_rows() if r.name.family == "peer"})


def peer_rows(result):
    peers = [("peer `%s`, %s" % (name, "producers only" if mode == "enqueue" else "→ consumer"),
              "peer/" + mode, name, None)
             for name in peer_names(result) for mode in ("enqueue", "e2e")]
    return MAILBOX_ROWS + peers + FLOOR_ROWS


def ns_columns(first):
    """first, then ns/op (with † when oversubscribed) per THREADS, of a
    (label, scenario, variant, wake) row."""
    def at(t):
        return lambda result, row: cell(ns(result, *row[1:], t)) + mark(result, *row[1:], t)
    return [Column(first, lambda result, row: row[0])] + [Column(producers(t), at(t))
                                                         for t in THREADS]


# --- dispatch: mbx_enqueue against the inline enqueue ---

def dispatch_title(result):
    floor = result.floor(1, mr.REFERENCE_FLOOR)
    return ("enqueue/awake, 1 producer: the inline enqueue (<mbx/inline.h>) and mbx_enqueue, "
            "ns/op, each over `%s` (the reference's enqueue inline in C, no wake: %s ns/op):"
            % (mr.REFERENCE_FLOOR, cell(floor.ns_per_op() if floor else None)))


def dispatch_rows(result):
    return [e for e in mr.dispatch_rows(result) if e["threads"] == 1
            and e["scenario"] == "enqueue/awake" and e["wake"] in ("spin", "futex")]


def entry(key, digits):
    return lambda result, e: cell(e[key], digits)


# --- liburcu ---

LIBURCU_WAKES = ("spin", "waiter_aware", "waiter_handoff", "futex")


def urcu_ratio(result, wake):
    seed = ns(result, "enqueue/awake", "seed", wake, 1)
    urcu = ns(result, "enqueue/awake", "urcu", wake, 1)
    return cell(urcu / seed if seed and urcu else None, 2)


def bases(result):
    return [b for b in result.context.get("mbx_bases", "atomic").split(",") if b]


def grow_cell(base):
    """ns/op of grow/<base>/<wake> (× atomic's, the stale words when any)."""
    def value(result, row):
        wake, t = row
        atomic = ns(result, "grow", "atomic", wake, t)
        found = result.find("grow", base, wake, t)
        nsop = found.ns_per_op() if found else None
        ratio = nsop / atomic if nsop and atomic else None
        stale = found.get("stale_words") if found else None
        return "%s (%s×%s)" % (cell(nsop), cell(ratio, 2), ", %d stale" % stale if stale else "")
    return value


def grow_columns(result):
    return [Column("wake", lambda result, row: row[0]),
            Column("producers", lambda result, row: row[1])] + [
        Column(base, grow_cell(base)) for base in bases(result)]


def sequenced_wfcq(t):
    return lambda result, wake: "%s / %s" % (cell(ns(result, "e2e", "sequenced", wake, t)),
                                             cell(ns(result, "e2e", "wfcq", wake, t)))


# --- latency ---

LATENCY_WAKES = ("futex", "futex_private", "waiter_aware", "waiter_handoff", "notify", "spin")


def latency_reference(result, wake):
    reference = result.latency_reference(wake)
    ref = reference.get("p50_ns") if reference else None
    return "%s (%s)" % (reference.variant if reference else "-", cell(ref / 1000 if ref else None))


def latency_cell(variant):
    def value(result, wake):
        reference = result.latency_reference(wake)
        ref = reference.get("p50_ns") if reference else None
        row = result.find("wake_latency", variant, wake, 1)
        p50 = row.get("p50_ns") if row else None
        return "%s (%s×)" % (cell(p50 / 1000 if p50 else None),
                             cell(p50 / ref if p50 and ref else None, 2))
    return value


def latency_columns(result):
    variants = [v for v in ("seed", "sequenced", "urcu", "wfcq")
                if result.find("wake_latency", v, "futex", 1)]
    return [Column("wake", lambda result, wake: wake),
            Column("reference", latency_reference)] + [
        Column(v, latency_cell(v)) for v in variants]


# --- issue 14: the corrected configuration against the best peer ---

def best_peer(result, threads):
    """(ns/op, name) of the fastest peer/<name>/e2e at threads, or None."""
    found = [(ns(result, "peer/e2e", name, None, threads), name) for name in peer_names(result)]
    found = [f for f in found if f[0]]
    return min(found) if found else None


def against_best_peer(t):
    def value(result, wake):
        nsop = ns(result, "e2e", RECOMMENDED_VARIANT, wake, t)
        if nsop is None:
            return ABSENT
        best = best_peer(result, t)
        ratio = cell(nsop / best[0], 2) + "×" if best else "no peer"
        return "%s (%s)%s" % (cell(nsop), ratio, mark(result, "e2e", RECOMMENDED_VARIANT, wake, t))
    return value


def over_spin(result, wake):
    """The 4-producer row over the spin row's (issue 14: at most 1.5×)."""
    t = THREADS[-1]
    nsop = ns(result, "e2e", RECOMMENDED_VARIANT, wake, t)
    spin = ns(result, "e2e", RECOMMENDED_VARIANT, "spin", t)
    if nsop is None:
        return ABSENT
    return cell(nsop / spin if spin else None, 2)


def best_peers(result):
    """The note under issue 14's table: the best peer at each producer count."""
    named = []
    for t in THREADS:
        best = best_peer(result, t)
        named.append("%s %s" % (producers(t), "%s `%s`" % (cell(best[0]), best[1])
                                if best else ABSENT))
    return "best peer (min over peer/*/e2e): " + ", ".join(named) + ". † oversubscribed."


def reference_floor(result):
    """ns/op of REFERENCE_FLOOR at 1 producer."""
    floor = result.floor(1, mr.REFERENCE_FLOOR)
    return floor.ns_per_op() if floor else None


def awake_waiter_aware(result, variant):
    """ns/op of enqueue/<variant>/waiter_aware/awake at 1 producer."""
    return ns(result, "enqueue/awake", variant, "waiter_aware", 1)


def present(value, digits=1):
    return ABSENT if value is None else cell(value, digits)


def awake_over_floor(result, variant):
    nsop, floor = awake_waiter_aware(result, variant), reference_floor(result)
    return ABSENT if nsop is None else cell(nsop / floor if floor else None, 2)


# paused/<variant>/<wake> (one producer paused between claim and publish): its wakes, threads
PAUSED_WAKES = ("spin", "waiter_handoff")
PAUSED_THREADS = (2, 4)


def paused_cell(t):
    """Ids the consumer took during a pause (the mean), and the pauses."""
    def value(result, wake):
        row = result.find("paused", RECOMMENDED_VARIANT, wake, t)
        if row is None:
            return ABSENT
        return "%s (%s pauses)" % (cell(row.get("pause_delivered"), 0),
                                   cell(row.get("pauses"), 0))
    return value


def adaptive_rows(result):
    """The recommended variant's wake_latency rows: spin, waiter_handoff and the adaptive
    guest's (wake_latency/<variant>/waiter_handoff/spin_budget_ns:<ns>), by budget."""
    budgets = sorted((r for r in result.latency_rows() if r.variant == RECOMMENDED_VARIANT
                      and r.qualifier.startswith("spin_budget_ns:")),
                     key=lambda r: float(r.qualifier.split(":", 1)[1]))
    plain = [result.find("wake_latency", RECOMMENDED_VARIANT, w, 1) or w
             for w in ("spin", "waiter_handoff")]
    return plain + (budgets or ["waiter_handoff/spin_budget_ns:<ns>"])


def latency_us(counter):
    """A latency counter of the row in µs (ABSENT for a row the run lacks)."""
    def value(result, row):
        if isinstance(row, str):
            return ABSENT
        found = row.get(counter)
        return cell(found / 1000 if found is not None else None, 2)
    return value


def adaptive_label(result, row):
    if isinstance(row, str):
        return row
    return "/".join(p for p in (row.wake, row.qualifier) if p)


TABLES = [
    Table("peers", "", peer_rows, ns_columns("ns/op (wall time per id)"),
          note="ns/op: 1e9 / items_per_second, the whole run's wall time per id (per"
               " delivered id end to end). † oversubscribed: the producers plus the consumer"
               " outnumber the CPUs."),
    Table("dispatch", dispatch_title, dispatch_rows, [
        Column("variant/wake", lambda result, e: "`%s`/%s" % (e["variant"], e["wake"])),
        Column("inline", entry("inline", 1)), Column("/ref", entry("inline/ref", 2)),
        Column("dispatched", entry("dispatched", 1)),
        Column("/ref", entry("dispatched/ref", 2)),
        Column("dispatched / inline", entry("dispatch", 2))],
        empty="dispatch: this run has no enqueue_inline rows (a run older than the "
              "inline API)."),
    Table("liburcu", "urcu against seed, enqueue/awake, 1 producer:",
          lambda result: LIBURCU_WAKES, [
              Column("wake", lambda result, wake: wake),
              Column("seed ns/op", lambda result, wake: cell(
                  ns(result, "enqueue/awake", "seed", wake, 1))),
              Column("urcu ns/op", lambda result, wake: cell(
                  ns(result, "enqueue/awake", "urcu", wake, 1))),
              Column("urcu / seed", urcu_ratio)]),
    Table("liburcu", "grow/<base>/<wake>, memory moved 100 times a second; ns/op (× atomic, "
          "words written into released blocks):",
          lambda result: [(wake, t) for wake in ("spin", "waiter_handoff") for t in THREADS],
          grow_columns),
    Table("liburcu", "e2e, sequenced / wfcq, ns/op:",
          lambda result: ("spin", "waiter_handoff", "futex"),
          [Column("wake", lambda result, wake: wake)]
          + [Column(producers(t), sequenced_wfcq(t)) for t in THREADS]),
    Table("latency", "wake latency p50 in µs, one way (× the p50 of the ping-pong of the "
          "policy's futex flavour, named with its p50 in µs):",
          lambda result: LATENCY_WAKES, latency_columns),
    Table("issue14", "issue 14, the corrected configuration (`%s`, corrected guest) end to "
          "end, ns per delivered id (× the best peer at the same threads; at most 1.00× is "
          "the goal, and the 4-producer row at most 1.5× its spin row):" % RECOMMENDED_VARIANT,
          lambda result: ("spin",) + SLEEPING_WAKES,
          [Column("e2e/%s/<wake>" % RECOMMENDED_VARIANT, lambda result, wake: wake)]
          + [Column(producers(t), against_best_peer(t)) for t in THREADS]
          + [Column("%dp / spin" % THREADS[-1], over_spin)],
          note=best_peers),
    Table("issue14", "issue 14, the awake enqueue of `waiter_aware` at 1 producer over the "
          "reference's enqueue inline (`%s`; at most 1.10× is the goal):" % mr.REFERENCE_FLOOR,
          lambda result: [RECOMMENDED_VARIANT],
          [Column("enqueue/%s/waiter_aware/awake ns/op" % RECOMMENDED_VARIANT,
                  lambda result, variant: present(awake_waiter_aware(result, variant))),
           Column("floor ns/op", lambda result, variant: cell(reference_floor(result))),
           Column("/ floor", awake_over_floor)], right=mdtable.NUMERIC),
    Table("issue14", "issue 14, one producer paused between claim and publish "
          "(paused/%s/<wake>): ids delivered during a pause, the mean (goal: more than 0):"
          % RECOMMENDED_VARIANT, lambda result: PAUSED_WAKES,
          [Column("wake", lambda result, wake: wake)]
          + [Column(producers(t), paused_cell(t)) for t in PAUSED_THREADS]),
    Table("issue14", "issue 14, the adaptive guest (wake_latency/%s/waiter_handoff/"
          "spin_budget_ns:<ns>) beside spin and waiter_handoff: latency in µs (within: ids "
          "that arrive while it still polls; beyond: after it slept), the guest's CPU while "
          "idle (goal: p50 within the budget at most 2× spin's, idle CPU at most 5 %%):"
          % RECOMMENDED_VARIANT, adaptive_rows,
          [Column("wake", adaptive_label), Column("p50", latency_us("p50_ns")),
           Column("p99", latency_us("p99_ns")),
           Column("within p50", latency_us("within_p50_ns")),
           Column("beyond p50", latency_us("beyond_p50_ns")),
           Column("idle CPU %", lambda result, row: ABSENT if isinstance(row, str)
                  else cell(row.get("idle_cpu_pct"), 2))]),
]
SECTIONS = list(dict.fromkeys(t.section for t in TABLES))


def render(result, section="all"):
    """The chosen section (or all of them) as Markdown."""
    return "\n\n".join(table.render(result) for table in TABLES
                       if section in ("all", table.section))


def peers(result):
    """The peers section alone (README's generated block)."""
    return render(result, "peers")


def main(argv):
    parser = argparse.ArgumentParser(
        prog="scripts/headline", description=__doc__.split("\n\n")[0],
        epilog="Figures are medians over the run's repetitions.")
    parser.add_argument("result", help="a result file (results/<host>/<run>.json)")
    parser.add_argument("--section", choices=SECTIONS + ["all"], default="all")
    args = parser.parse_args(argv)
    try:
        result = mr.load(args.result)
        print("From `%s` (commit %s; %s).\n" % (args.result, result.commit(), result.machine()))
        print(render(result, args.section) + "\n")
    except mr.ResultError as error:
        print("headline: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
