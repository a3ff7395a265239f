#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""headline: the README's tables, printed from one result file.

usage: scripts/headline RESULT.json [--section peers|dispatch|liburcu|latency|issue14|issue12|all]

Prints markdown: where the mailbox stands against the peers at 1, 2 and 4
producers; what mbx_enqueue's dispatch costs over the inline enqueue, and
both over the reference path; what the liburcu variant shows (urcu against seed, each base while
memory moves, wfcq against sequenced); wake latency against the futex
ping-pong; issue 14's goals (the corrected configuration against the best
peer, its awake enqueue one cost at a time); issue 12's close marker on the
enqueue fast path. Every figure is the run's median (scripts/mbxresults.py), so the
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
RECOMMENDED_VARIANT = "announced"
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
    ("mailbox `announced` → guest (spin)", "e2e", "announced", "spin"),
    ("mailbox `announced` → guest (waiter_handoff)", "e2e", "announced", "waiter_handoff"),
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

# The goals of issue 14's "Done when", each a bound this run's figures are held to.
GOAL_E2E = 1.0        # e2e per id over the best peer, at 1, 2 and 4 producers
GOAL_SPIN = 1.5       # the 4-producer row over its spin row
GOAL_AWAKE = 1.1      # awake waiter_aware enqueue over the floor, 1 producer
GOAL_ADAPTIVE = 2.0   # the adaptive guest's within-budget p50 over spin's p50
GOAL_IDLE_PCT = 5.0   # its CPU time per idle second, per cent
# The wakes README's short issue-14 table shows (spin and the recommended sleeping ones).
README_WAKES = ("waiter_aware", "waiter_handoff")
MET = {True: "yes", False: "**no**", None: ABSENT}


def best_peer(result, threads):
    """(ns/op, name) of the fastest peer/<name>/e2e at threads, or None."""
    found = [(ns(result, "peer/e2e", name, None, threads), name) for name in peer_names(result)]
    found = [f for f in found if f[0]]
    return min(found) if found else None


def over_best_peer(result, wake, t):
    """e2e/RECOMMENDED_VARIANT/<wake> at t over the best peer's, or None."""
    nsop, best = ns(result, "e2e", RECOMMENDED_VARIANT, wake, t), best_peer(result, t)
    return nsop / best[0] if nsop and best else None


def against_best_peer(t):
    def value(result, wake):
        nsop = ns(result, "e2e", RECOMMENDED_VARIANT, wake, t)
        if nsop is None:
            return ABSENT
        best = best_peer(result, t)
        ratio = cell(nsop / best[0], 2) + "×" if best else "no peer"
        return "%s (%s)%s" % (cell(nsop), ratio, mark(result, "e2e", RECOMMENDED_VARIANT, wake, t))
    return value


def spin_ratio(result, wake):
    """The 4-producer row over the spin row's, or None."""
    t = THREADS[-1]
    nsop = ns(result, "e2e", RECOMMENDED_VARIANT, wake, t)
    spin = ns(result, "e2e", RECOMMENDED_VARIANT, "spin", t)
    return nsop / spin if nsop and spin else None


def over_spin(result, wake):
    """The 4-producer row over the spin row's (issue 14: at most 1.5×)."""
    if ns(result, "e2e", RECOMMENDED_VARIANT, wake, THREADS[-1]) is None:
        return ABSENT
    return cell(spin_ratio(result, wake), 2)


def e2e_goal(result, wake):
    """Whether the row meets both e2e goals (≤ GOAL_E2E × the best peer at every
    producer count, 4p ≤ GOAL_SPIN × spin): True, False, None (a figure missing)."""
    ratios = [over_best_peer(result, wake, t) for t in THREADS] + (
        [spin_ratio(result, wake)] if wake != "spin" else [])
    if None in ratios:
        return None
    bounds = [GOAL_E2E] * len(THREADS) + [GOAL_SPIN] * (wake != "spin")
    return all(r <= bound for r, bound in zip(ratios, bounds))


def best_peers(result):
    """The note under issue 14's table: the best peer at each producer count."""
    named = []
    for t in THREADS:
        best = best_peer(result, t)
        named.append("%s %s" % (producers(t), "%s `%s`" % (cell(best[0]), best[1])
                                if best else ABSENT))
    return ("best peer (min over peer/*/e2e): " + ", ".join(named) + ". † oversubscribed. "
            "goals met: both goals at once (spin needs no spin goal; it is no sleeping wake).")


def reference_floor(result):
    """ns/op of REFERENCE_FLOOR at 1 producer."""
    floor = result.floor(1, mr.REFERENCE_FLOOR)
    return floor.ns_per_op() if floor else None


# The awake enqueue at 1 producer, one layer of cost at a time (issue 14's
# fence-free awake path, issue 12's close marker): (label, scenario), each layer
# the one before plus what the note says.
AWAKE_LAYERS = (
    ("inline", "enqueue_inline/awake"),           # <mbx/inline.h>: the protocol alone
    ("unquiesced", "enqueue_unquiesced/awake"),   # + mbx_enqueue's checks and variant table
    ("mbx_enqueue", "enqueue/awake"),             # + close's in-flight marker
)
# The goal's layer: the inline path is what the floor (the reference's enqueue,
# inline in C) compares with; mbx_enqueue's further costs are shown beside it.
AWAKE_GOAL_LAYER = "enqueue_inline/awake"
# The wakes of the awake table: the goal's two (no fence when the guest is awake), and spin.
AWAKE_WAKES = ("waiter_aware", "waiter_handoff", "spin")
AWAKE_GOAL_WAKE = "waiter_aware"
# issue 12: close's marker on the fast path at most this much (ns) and this ratio.
GOAL_MARKER_NS = 0.5
GOAL_MARKER_RATIO = 1.05


def awake_ns(result, wake, scenario=AWAKE_GOAL_LAYER, variant=RECOMMENDED_VARIANT):
    """ns/op of <scenario>/<variant>/<wake> at 1 producer, or None."""
    return ns(result, scenario, variant, wake, 1)


def present(value, digits=1):
    return ABSENT if value is None else cell(value, digits)


def awake_ratio(result, wake=AWAKE_GOAL_WAKE, scenario=AWAKE_GOAL_LAYER):
    nsop, floor = awake_ns(result, wake, scenario), reference_floor(result)
    return nsop / floor if nsop and floor else None


def awake_layer(scenario):
    """A cell: the layer's ns/op (× the floor)."""
    def value(result, wake):
        nsop = awake_ns(result, wake, scenario)
        if nsop is None:
            return ABSENT
        return "%s (%s×)" % (cell(nsop), cell(awake_ratio(result, wake, scenario), 2))
    return value


def awake_step(lower, upper):
    """A cell: what the upper layer adds to the lower one, ns."""
    def value(result, wake):
        a, b = awake_ns(result, wake, lower), awake_ns(result, wake, upper)
        return "%+.2f" % (b - a) if a and b else "-"
    return value


def awake_met(result, wake):
    ratio = awake_ratio(result, wake)
    return MET[None if ratio is None else ratio <= GOAL_AWAKE]


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
    """The recommended variant's plain spin and waiter_handoff wake_latency rows (or
    their names when absent), then the adaptive guest's (mbxresults.adaptive_rows)."""
    plain = [result.find("wake_latency", RECOMMENDED_VARIANT, w, 1) or w
             for w in ("spin", "waiter_handoff")]
    return plain + ([a["row"] for a in mr.adaptive_rows(result, RECOMMENDED_VARIANT)]
                    or ["waiter_handoff/spin_budget_ns:<ns>"])


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


def adaptive_met(entry):
    """An adaptive row meets its goal: within p50 ≤ GOAL_ADAPTIVE × spin's, idle ≤ GOAL_IDLE_PCT."""
    idle = entry["row"].get("idle_cpu_pct")
    if entry["within_spin"] is None or idle is None:
        return None
    return entry["within_spin"] <= GOAL_ADAPTIVE and idle <= GOAL_IDLE_PCT


def adaptive_goal_cell(result, row):
    if isinstance(row, str) or mr.budget_of(row) is None:
        return "-"
    entry = next(a for a in mr.adaptive_rows(result, row.variant) if a["row"] is row)
    return "%s× %s" % (cell(entry["within_spin"], 2), MET[adaptive_met(entry)])


def abi_v2_label(result, e):
    return "/".join(p for p in (e["scenario"], e["variant"], e["wake"]) if p)


# --- issue 14's "Done when": each goal, this run's figure, met or not ---

def goal_e2e_vs_peer(result):
    """The sleeping-capable rows against the best peer at 1, 2, 4 producers."""
    found = {w: [over_best_peer(result, w, t) for t in THREADS] for w in SLEEPING_WAKES}
    found = {w: r for w, r in found.items() if None not in r}
    if not found:
        return ABSENT, None
    wake = min(found, key=lambda w: max(found[w]))
    return ("best: %s, %s× the best peer" % (wake, ", ".join(cell(r, 2) for r in found[wake])),
            max(found[wake]) <= GOAL_E2E)


def goal_over_spin(result):
    found = {w: spin_ratio(result, w) for w in SLEEPING_WAKES}
    found = {w: r for w, r in found.items() if r is not None}
    if not found:
        return ABSENT, None
    wake = min(found, key=found.get)
    return "best: %s, %s× spin" % (wake, cell(found[wake], 2)), found[wake] <= GOAL_SPIN


def goal_paused(result):
    rows = [r for r in mr.paused_rows(result) if r.variant == RECOMMENDED_VARIANT]
    delivered = [(r.get("pause_delivered"), r.wake, r.threads) for r in rows
                 if r.get("pause_delivered") is not None]
    if not delivered:
        return ABSENT, None
    low = min(delivered)
    return ("fewest: %s ids (%s, %s)" % (cell(low[0], 0), low[1], producers(low[2])),
            low[0] > 0)


def goal_awake(result):
    """The inline path of waiter_aware over the floor (the goal), and
    mbx_enqueue's (dispatch and close's marker added) beside it."""
    ratio = awake_ratio(result)
    if ratio is None:
        return ABSENT, None
    dispatched = awake_ratio(result, scenario="enqueue/awake")
    return ("inline %s× floor%s" % (cell(ratio, 2), "; mbx_enqueue %s×" % cell(dispatched, 2)
                                    if dispatched else ""), ratio <= GOAL_AWAKE)


def marker_rows(result):
    """(variant, wake) of every 1-producer enqueue_unquiesced/<variant>/<wake>/awake row
    with its enqueue/ twin, in the order mbx-bench registered them: the variants
    it measures without the marker (bench/bench_main.c) are the run's, not a list here."""
    return [(r.variant, r.wake) for r in result.rows
            if r.scenario == "enqueue_unquiesced/awake" and r.threads == 1
            and result.find("enqueue/awake", r.variant, r.wake, 1)]


def cost(marked, bare):
    """(marked ns, bare ns, marked - bare, marked / bare): one call beside its twin without
    a quiescent close."""
    return marked, bare, marked - bare, marked / bare


def marker_cost(result, row, marked=None):
    """cost of a marker row against enqueue_unquiesced/ (marked: another row's ns instead of
    enqueue/'s, the qsbr row's)."""
    if marked is None:
        marked = ns(result, "enqueue/awake", *row, 1)
    return cost(marked, ns(result, "enqueue_unquiesced/awake", *row, 1))


# issue 12's opt-in close: enqueue_qsbr/<variant>/<wake>/awake/report_every:<N>, an online
# QSBR producer (no marker) reporting every N ids (bench/bench_main.c), and the inline
# enqueue of <mbx/inline.h> on one, which close covers there too:
# enqueue_inline_qsbr/<variant>/<wake>/awake/report_every:<N> (bench/scenario_inline.c).
QSBR_SCENARIO = "enqueue_qsbr/awake/report_every:"
INLINE_QSBR_SCENARIO = "enqueue_inline_qsbr/awake/report_every:"


def reporting_row(result, prefix, row):
    """The 1-producer row of a marker row's (variant, wake) in a report_every:<N>
    scenario (prefix), or None."""
    return next((r for r in result.rows if r.scenario.startswith(prefix)
                 and (r.variant, r.wake, r.threads) == (row[0], row[1], 1)), None)


def qsbr_row(result, row):
    """The 1-producer enqueue_qsbr/ row of a marker row, or None."""
    return reporting_row(result, QSBR_SCENARIO, row)


def qsbr_cost(result, row):
    """marker_cost of the qsbr row against the unquiesced twin, or None without one."""
    qsbr = qsbr_row(result, row)
    return marker_cost(result, row, qsbr.ns_per_op()) if qsbr else None


def inline_qsbr_cost(result, row):
    """cost of the enqueue_inline_qsbr/ row against its enqueue_inline/ twin (the same call
    without QSBR), or None without both rows."""
    qsbr = reporting_row(result, INLINE_QSBR_SCENARIO, row)
    bare = result.find("enqueue_inline/awake", row[0], row[1], 1)
    return cost(qsbr.ns_per_op(), bare.ns_per_op()) if qsbr and bare else None


def qsbr_every(result):
    """The N of the run's enqueue_qsbr/ rows (report_every:<N>), or None."""
    return next((r.scenario[len(QSBR_SCENARIO):] for r in result.rows
                 if r.scenario.startswith(QSBR_SCENARIO)), None)


def marker_judged(result, row):
    """(what the goal is judged on, its cost): the fastest quiescent path the run has --
    the inline enqueue on a QSBR producer, else mbx_enqueue on one, else the marker."""
    inline = inline_qsbr_cost(result, row)
    if inline:
        return "inline qsbr", inline
    qsbr = qsbr_cost(result, row)
    return ("qsbr", qsbr) if qsbr else ("marker", marker_cost(result, row))


def marker_met(result, row):
    _, _, diff, ratio = marker_judged(result, row)[1]
    return MET[diff < GOAL_MARKER_NS and ratio <= GOAL_MARKER_RATIO]


def cost_cell(cost_of, index, digits=1, sign=""):
    """A column of one field of cost_of(result, row) (absent where it gives None)."""
    def cell_of(result, row):
        found = cost_of(result, row)
        return ("%" + sign + ".*f") % (digits, found[index]) if found else ABSENT
    return cell_of


def issue12_title(result):
    every = qsbr_every(result)
    return ("issue 12, close's in-flight marker on the enqueue fast path (1 producer, guest "
            "awake): mbx_enqueue beside the same call without the marker (enqueue_unquiesced) "
            "and on an online QSBR producer that reports a quiescent state every %s ids, the "
            "reports timed (enqueue_qsbr, no marker), and the inline enqueue (<mbx/inline.h>) "
            "on such a producer beside the inline enqueue alone (enqueue_inline_qsbr: close "
            "covers it there), ns/op; the goal: under %.1f ns and within %d %% over the same "
            "call without a quiescent close, judged on the fastest quiescent path the run has:"
            % (every or ABSENT, GOAL_MARKER_NS, round((GOAL_MARKER_RATIO - 1) * 100)))


def goal_adaptive(result):
    entries = [a for a in mr.adaptive_rows(result, RECOMMENDED_VARIANT)
               if adaptive_met(a) is not None]
    if not entries:
        return ABSENT, None
    text = ", ".join("%d ns: %s×, %s %%" % (a["budget"], cell(a["within_spin"], 2),
                                            cell(a["row"].get("idle_cpu_pct"), 2))
                     for a in entries)
    return text, any(adaptive_met(a) for a in entries)


def goal_rows_present(found):
    def goal(result):
        names = found(result)
        return (", ".join(names) if names else ABSENT), bool(names) or None
    return goal


GOALS = [
    ("a sleeping-capable wake ≤ %.1f× the best peer at 1, 2 and 4 producers" % GOAL_E2E,
     goal_e2e_vs_peer),
    ("its 4-producer row ≤ %.1f× the spin row" % GOAL_SPIN, goal_over_spin),
    ("the paused producer: ids delivered during the pause", goal_paused),
    ("awake waiter_aware enqueue ≤ %.1f× floor (the inline path)" % GOAL_AWAKE, goal_awake),
    ("adaptive guest: within p50 ≤ %.0f× spin's, idle CPU ≤ %.0f %% (one budget)"
     % (GOAL_ADAPTIVE, GOAL_IDLE_PCT), goal_adaptive),
    ("the padded-layout (ABI v2) rows", goal_rows_present(
        lambda result: sorted({"%s/%s" % (e["scenario"], e["wake"])
                               for e in mr.abi_v2_rows(result)}))),
    ("atomic_queue peer rows", goal_rows_present(
        lambda result: [n for n in peer_names(result) if n.startswith("atomic_queue")])),
]


def goals(result):
    """[(goal, this run's figure, met)] for GOALS; met: True, False, None (not in this run)."""
    return [(text, *check(result)) for text, check in GOALS]


def goals_line(result):
    """One line: how many of issue 14's goals this run meets."""
    found = goals(result)
    return "Issue 14's goals met by this run (`%s`): %d of %d%s." % (
        RECOMMENDED_VARIANT, sum(1 for g in found if g[2]), len(found),
        "; %d not in this run" % sum(1 for g in found if g[2] is None)
        if any(g[2] is None for g in found) else "")


E2E_TABLE = Table(
    "issue14", "issue 14, the corrected configuration (`%s`, corrected guest) end to "
    "end, ns per delivered id (× the best peer at the same threads; at most %.2f× is "
    "the goal, and the 4-producer row at most %.1f× its spin row):"
    % (RECOMMENDED_VARIANT, GOAL_E2E, GOAL_SPIN),
    lambda result: ("spin",) + SLEEPING_WAKES,
    [Column("e2e/%s/<wake>" % RECOMMENDED_VARIANT, lambda result, wake: wake)]
    + [Column(producers(t), against_best_peer(t)) for t in THREADS]
    + [Column("%dp / spin" % THREADS[-1], over_spin),
       Column("goals met", lambda result, wake: MET[e2e_goal(result, wake)])],
    note=best_peers)


def issue14_short(result):
    """README's form: the e2e table's README_WAKES rows and the goals line."""
    table = dataclasses.replace(
        E2E_TABLE, rows=lambda result: README_WAKES, note="",
        title="Issue 14, `%s` end to end, ns per id (× the best peer; goals: ≤ %.2f×, "
              "4p ≤ %.1f× spin):" % (RECOMMENDED_VARIANT, GOAL_E2E, GOAL_SPIN))
    return table.render(result) + "\n\n" + goals_line(result)


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
    Table("issue14", "issue 14, the goals of its \"Done when\" against this run (`%s`, "
          "computed from the tables below):" % RECOMMENDED_VARIANT, goals,
          [Column("goal", lambda result, g: g[0]), Column("this run", lambda result, g: g[1]),
           Column("met", lambda result, g: MET[g[2]])], right=()),
    E2E_TABLE,
    Table("issue14", lambda result: (
          "issue 14, the awake enqueue of `%s` at 1 producer, ns/op (× `%s`, the reference's "
          "enqueue inline in C: %s ns/op), one cost at a time: the inline path "
          "(<mbx/inline.h>; the goal: at most %.2f× for %s), the same through mbx_enqueue "
          "without close's marker (unquiesced), and mbx_enqueue:"
          % (RECOMMENDED_VARIANT, mr.REFERENCE_FLOOR, cell(reference_floor(result)),
             GOAL_AWAKE, AWAKE_GOAL_WAKE)),
          lambda result: AWAKE_WAKES,
          [Column("wake", lambda result, wake: wake)]
          + [Column(label, awake_layer(scenario)) for label, scenario in AWAKE_LAYERS]
          + [Column("dispatch ns", awake_step(AWAKE_LAYERS[0][1], AWAKE_LAYERS[1][1])),
             Column("marker ns", awake_step(AWAKE_LAYERS[1][1], AWAKE_LAYERS[2][1])),
             Column("inline met", awake_met)],
          note="dispatch: unquiesced - inline (mbx_enqueue's argument checks, closed gate, "
               "base and the variant table's indirect call); marker: mbx_enqueue - "
               "unquiesced (close's in-flight marker, ring/inflight.h)."),
    Table("issue12", issue12_title, marker_rows,
          [Column("variant/wake", lambda result, row: "`%s`/%s" % row),
           Column("mbx_enqueue", cost_cell(marker_cost, 0)),
           Column("unquiesced", cost_cell(marker_cost, 1)),
           Column("marker ns", cost_cell(marker_cost, 2, 2, "+")),
           Column("ratio", cost_cell(marker_cost, 3, 3)),
           Column("qsbr", cost_cell(qsbr_cost, 0)),
           Column("qsbr ns", cost_cell(qsbr_cost, 2, 2, "+")),
           Column("qsbr ratio", cost_cell(qsbr_cost, 3, 3)),
           Column("inline", cost_cell(inline_qsbr_cost, 1)),
           Column("inline qsbr", cost_cell(inline_qsbr_cost, 0)),
           Column("inline qsbr ns", cost_cell(inline_qsbr_cost, 2, 2, "+")),
           Column("inline qsbr ratio", cost_cell(inline_qsbr_cost, 3, 3)),
           Column("judged on", lambda result, row: marker_judged(result, row)[0]),
           Column("met", marker_met)],
          empty="issue 12, close's in-flight marker: %s (no enqueue_unquiesced/ rows)."
                % ABSENT),
    Table("issue14", "issue 14, one producer paused between claim and publish "
          "(paused/%s/<wake>): ids delivered during a pause, the mean (goal: more than 0):"
          % RECOMMENDED_VARIANT, lambda result: PAUSED_WAKES,
          [Column("wake", lambda result, wake: wake)]
          + [Column(producers(t), paused_cell(t)) for t in PAUSED_THREADS]),
    Table("issue14", "issue 14, the adaptive guest (wake_latency/%s/waiter_handoff/"
          "spin_budget_ns:<ns>) beside spin and waiter_handoff: latency in µs (within: ids "
          "that arrive while it still polls; beyond: after it slept), the guest's CPU while "
          "idle (goal: p50 within the budget at most %.0f× spin's, idle CPU at most %.0f %%):"
          % (RECOMMENDED_VARIANT, GOAL_ADAPTIVE, GOAL_IDLE_PCT), adaptive_rows,
          [Column("wake", adaptive_label), Column("p50", latency_us("p50_ns")),
           Column("p99", latency_us("p99_ns")),
           Column("within p50", latency_us("within_p50_ns")),
           Column("beyond p50", latency_us("beyond_p50_ns")),
           Column("idle CPU %", lambda result, row: ABSENT if isinstance(row, str)
                  else cell(row.get("idle_cpu_pct"), 2)),
           Column("within / spin, met", adaptive_goal_cell)]),
    Table("issue14", "issue 14, the ABI v2 layout (flag, head and tail each on a cache line "
          "of its own; mbx-bench-abi-v2) beside the seed layout, ns per id:",
          mr.abi_v2_rows,
          [Column("row", abi_v2_label), Column("producers", lambda result, e: e["threads"]),
           Column("seed layout", lambda result, e: cell(e["seed layout"])),
           Column("ABI v2", lambda result, e: cell(e["abi_v2"])),
           Column("v2 / seed", lambda result, e: cell(e["v2/seed"], 2))],
          empty="issue 14, the ABI v2 layout: %s (no .../abi_v2 rows; mbx-bench-abi-v2)."
                % ABSENT),
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
