#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Plots one mbx result file: PNGs and summary.md (results/README.md lists them)."""
import argparse
import glob
import math
import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import mbxresults as mr  # noqa: E402  (the one parser: scripts/mbxresults.py)
import mdtable  # noqa: E402  (the one Markdown table writer)

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
FLOOR_STYLE = dict(color="black", linestyle="--", marker="x")
PEER_PANEL = "peers (no wake policy)"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="plot",
        description="Plot an mbx benchmark result: throughput vs producer threads, ns/op at "
                    "1 producer against floor and seed, wake-latency percentiles, growth "
                    "(when grow/ rows exist), and summary.md with the summary and hazard "
                    "tables.",
        epilog="Output goes to a directory named after the run, beside it "
               "(results/<host>/<run>/ for results/<host>/<run>.json), or to --out DIR. "
               "Plots and summary.md are derived from the JSON: re-plotting replaces "
               "them; the JSON is never written. The hazard table is read from "
               "<run>.hazards.json when present.")
    parser.add_argument("result", nargs="?", metavar="RESULT.json",
                        help="a result file written by make bench (scripts/bench)")
    parser.add_argument("--out", metavar="DIR", help="write the plots and summary.md here")
    parser.add_argument("--newest", action="store_true",
                        help="plot the newest run under results/ (what make plot does)")
    args = parser.parse_args(argv)
    if bool(args.result) == args.newest:
        parser.error("give one RESULT.json, or --newest")
    return args


def newest_result():
    runs = [p for p in glob.glob(os.path.join(ROOT, "results", "*", "*.json"))
            if mr.is_result_file(p)]
    if not runs:
        raise mr.ResultError("no result files under %s/results/*/" % ROOT)
    # names start with the UTC time, so the name orders runs across hosts
    return max(runs, key=lambda p: (os.path.basename(p), os.path.getmtime(p)))


# --- styling shared by every figure ---

class Style:
    """A colour and a marker per variant-column label (variant, base or peer),
    in the order the result lists them, the same in every figure. Peers share
    panels with variants, so they get their own palette, dash-dot lines and
    hollow markers."""

    MARKERS = "osD^vP*Xph<>"

    def __init__(self, result, plt):
        tab10 = plt.get_cmap("tab10").colors
        # no grey: it reads as "reference" next to the black floor
        palette = tab10[:7] + tab10[8:] + plt.get_cmap("tab20b").colors
        peer_palette = plt.get_cmap("Dark2").colors
        self.entries = {}
        labels = result.ordered("variant", [r for r in result.rows if r.family != "peer"])
        peers = [p for p in result.ordered("variant", [r for r in result.rows
                                                       if r.family == "peer"])
                 if p not in labels]
        for i, label in enumerate(labels):
            self.entries[label] = dict(color=palette[i % len(palette)],
                                       marker=self.MARKERS[i % len(self.MARKERS)])
        for i, label in enumerate(peers):
            self.entries[label] = dict(color=peer_palette[i % len(peer_palette)],
                                       marker=self.MARKERS[i % len(self.MARKERS)],
                                       linestyle="-.", markerfacecolor="white")

    def __call__(self, label):
        return self.entries.get(label, dict(color="grey", marker="o"))


def slug(text):
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)


def label_of(value):
    return value if value is not None else "(none)"


def panel_grid(plt, count, panel_w=4.6, panel_h=3.3, columns=3):
    """Figure with `count` panels; the first unused cell (if any) holds the legend."""
    columns = min(columns, count)
    rows = math.ceil(count / columns)
    spare = rows * columns > count
    extra_w = 0 if spare else 2.6
    # at least 10.5 in wide: the two title lines must fit
    fig, axes = plt.subplots(rows, columns, figsize=(max(10.5, panel_w * columns + extra_w),
                                                     panel_h * rows + 1.2),
                             squeeze=False)
    flat = list(axes.flat)
    legend_ax = None
    if spare:
        legend_ax = flat[count]
        for ax in flat[count:]:
            ax.axis("off")
    return fig, flat[:count], legend_ax


def finish(fig, legend_ax, handles, labels, title, result, path, legend_title=None):
    # tight_layout makes room for the suptitle itself
    fig.suptitle("%s\n%s" % (title, "\n".join(textwrap.wrap(result.title(), 120))),
                 fontsize=11)
    if legend_ax is not None:
        legend_ax.legend(handles, labels, loc="center", title=legend_title, fontsize=9,
                         title_fontsize=9, frameon=False)
        fig.tight_layout()
    else:
        fig.legend(handles, labels, loc="center right", title=legend_title, fontsize=9,
                   title_fontsize=9, frameon=False)
        fig.tight_layout(rect=(0, 0, 1 - 2.6 / fig.get_figwidth(), 1))
    fig.savefig(path, dpi=110)
    return path


def collect_legend(axes):
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    return handles, labels


def spans_decades(values):
    values = [v for v in values if v and v > 0]
    return bool(values) and max(values) / min(values) > 20


def thread_axis(ax, threads):
    threads = sorted(set(threads))
    if threads and threads[-1] / threads[0] >= 8:
        ax.set_xscale("log", base=2)
        ax.minorticks_off()
    ax.set_xticks(threads)
    ax.set_xticklabels([str(t) for t in threads])
    if len(threads) == 1:
        ax.set_xlim(threads[0] - 1, threads[0] + 1)
    ax.set_xlabel("producer threads")


def error_bars(values, errors, log):
    """[lower, upper] arms; on a log axis the lower arm stops above zero."""
    values = [v or 0 for v in values]
    errors = [e or 0 for e in errors]
    return [[min(e, 0.9 * v) if log else e for v, e in zip(values, errors)], errors]


def iqr_bars(rows, metric, scale=1.0, invert=False, log=False):
    """[lower, upper] arms from each row's median to its quartiles (q1, q3)
    of metric, times scale; invert: the plotted value is scale / metric."""
    lower, upper = [], []
    for row in rows:
        med, q1, q3 = (row.get(metric, a) for a in ("median", "q1", "q3"))
        if None in (med, q1, q3) or (invert and not (med and q1 and q3)):
            lower.append(0)
            upper.append(0)
            continue
        if invert:
            med, q1, q3 = scale / med, scale / q3, scale / q1
        else:
            med, q1, q3 = med * scale, q1 * scale, q3 * scale
        lower.append(min(med - q1, 0.9 * med) if log else med - q1)
        upper.append(q3 - med)
    return [lower, upper]


def line_label(variant, rows):
    """The legend's name of a line: overwriting variants say so."""
    return "%s (overwrites)" % variant if any(r.overwrites for r in rows) else variant


def draw_line(ax, rows, log, label, style, **extra):
    """A line over the rows that fit the cores; oversubscribed rows (more
    threads than CPUs) as unconnected hollow markers beside it."""
    fit = [r for r in rows if not r.oversubscribed]
    over = [r for r in rows if r.oversubscribed]
    if fit:
        ys = [mops(r) for r in fit]
        ax.errorbar([r.threads for r in fit], ys,
                    yerr=iqr_bars(fit, "items_per_second", 1e-6, log=log),
                    label=label, capsize=3, **extra, **style)
    if over:
        ys = [mops(r) for r in over]
        hollow = dict(style, linestyle="none", markerfacecolor="none")
        ax.errorbar([r.threads for r in over], ys,
                    yerr=iqr_bars(over, "items_per_second", 1e-6, log=log),
                    label=None if fit else label, capsize=3, **extra, **hollow)
        span = (min(r.threads for r in over) - 0.5, max(r.threads for r in over) + 0.5)
        if span not in getattr(ax, "mbx_spans", set()):  # once per axis and span
            ax.mbx_spans = getattr(ax, "mbx_spans", set()) | {span}
            ax.axvspan(*span, color="#f2e6d9", alpha=0.4, linewidth=0)


def ratio_text(value):
    if value is None:
        return "-"
    return "%.0f" % value if value >= 100 else "%.1f" % value if value >= 10 else "%.2f" % value


def mops(row, aggregate="median"):
    value = row.get("items_per_second", aggregate)
    return value / 1e6 if value is not None else None


# --- the plots ---

def figures(result, rows, exclude=()):
    """[(scenario, its rows, peer rows)]: one figure per scenario; peer/<mode>
    rows join the first scenario of family <mode> (their own figure if none)."""
    main = [r for r in rows if r.family not in ("floor", "peer") + tuple(exclude)]
    peers = [r for r in rows if r.family == "peer"]
    scenarios = result.ordered("scenario", main)
    hosted = {}
    for peer_scenario in result.ordered("scenario", peers):
        mode = peer_scenario.split("/", 1)[1] if "/" in peer_scenario else ""
        host = next((s for s in scenarios if s.split("/")[0] == mode), None)
        if host is None:
            host = peer_scenario
            scenarios.append(host)
        hosted.setdefault(host, []).append(peer_scenario)
    return [(s, [r for r in main if r.scenario == s],
             [r for r in peers if r.scenario in hosted.get(s, [])]) for s in scenarios]


def wake_groups(result, rows, peers):
    """[(title, rows)]: a group per wake policy, then the peers."""
    groups = [("wake policy: %s" % w, [r for r in rows if r.wake == w])
              for w in result.ordered("wake", rows)]
    if any(r.wake is None for r in rows):
        groups.append(("no wake policy", [r for r in rows if r.wake is None]))
    if peers:
        groups.append((PEER_PANEL, peers))
    return groups


def plot_throughput(result, plt, style, outdir):
    """One figure per scenario: a panel per wake policy, a line per variant,
    the floor in each panel, peers of the same mode in their own panel."""
    rows = result.throughput_rows()
    written = []
    for scenario, srows, prows in figures(result, rows, exclude=("grow",)):
        panels = wake_groups(result, srows, prows)
        # the floor of the figure's shape (mbxresults.FLOORS), if one applies
        shape = next((result.floor_scenario(r.scenario) for r in srows + prows
                      if result.floor_scenario(r.scenario)), None)
        floor = sorted((r for r in rows if shape and r.scenario == shape),
                       key=lambda r: r.threads)
        fig, axes, legend_ax = panel_grid(plt, len(panels))
        values = [mops(r) for r in srows + prows + floor]
        log = spans_decades(values)
        threads = [r.threads for r in srows + prows + floor]
        for ax, (wake, prow) in zip(axes, panels):
            for variant in result.ordered("variant", prow):
                line = sorted((r for r in prow if r.variant == variant), key=lambda r: r.threads)
                draw_line(ax, line, log, line_label(variant, line), style(variant),
                          linewidth=1.5, markersize=5)
            if floor:
                draw_line(ax, floor, log, {"floor": "floor (fetch_add + store)",
                                           "floor/consumer": "floor/consumer"}.get(shape, shape),
                          FLOOR_STYLE,
                          linewidth=1.2)
            ax.set_title(wake, fontsize=10)
            ax.set_ylabel("throughput (Mops/s%s)" % (", log" if log else ""))
            if log:
                ax.set_yscale("log")
            thread_axis(ax, threads)
            ax.grid(True, which="major", alpha=0.3)
        if not log:
            top = max(v for v in values if v is not None) * 1.1
            for ax in axes:
                ax.set_ylim(0, top)
        else:
            low = min(v for v in values if v) / 1.5
            high = max(v for v in values if v) * 1.5
            for ax in axes:
                ax.set_ylim(low, high)
        handles, labels = collect_legend(axes)
        title = ("Throughput vs producer threads: %s (median of repetitions, bars: "
                 "interquartile range; hollow, shaded: oversubscribed, threads > CPUs)"
                 % scenario)
        path = os.path.join(outdir, "throughput-%s.png" % slug(scenario))
        written.append(finish(fig, legend_ax, handles, labels, title, result, path,
                              legend_title="variant (line colour)"))
        plt.close(fig)
    return written


def plot_nsop(result, plt, style, outdir):
    """Per scenario: ns/op at 1 producer, one bar per variant x wake, each
    labelled with its ratio to floor (1 thread) and to seed (same wake)."""
    table = [t for t in mr.summary_rows(result) if t["threads"] == 1
             and t["row"].family != "floor" and t["ns/op"] is not None]
    entry_of = {id(t["row"]): t for t in table}
    written = []
    rows = [t["row"] for t in table]
    for scenario, srows, prows in figures(result, rows):
        entries = [entry_of[id(r)] for r in srows + prows]
        # the floor line only where a floor applies (mbxresults.floor_for)
        floors = [result.floor_for(r) for r in srows + prows]
        floor = next((f for f in floors if f is not None), None)
        floor_nsop = floor.ns_per_op() if floor else None
        slots = []  # ("head", title) or ("bar", summary entry)
        for title, group in wake_groups(result, srows, prows):
            slots.append(("head", title))
            slots.extend(("bar", entry_of[id(r)]) for r in group)
        height = 0.26 * len(slots) + 2.0
        fig, ax = plt.subplots(figsize=(11, height))
        values = [t["ns/op"] for t in entries] + ([floor_nsop] if floor_nsop else [])
        log = spans_decades(values)
        ticks, ticklabels = [], []
        for i, (kind, item) in enumerate(slots):
            y = len(slots) - 1 - i
            if kind == "head":
                ax.text(0.005, y, item, transform=ax.get_yaxis_transform(),
                        fontsize=9, fontweight="bold", va="center",
                        bbox=dict(facecolor="white", edgecolor="none", pad=1))
                if i:
                    ax.axhline(y + 0.5, color="grey", linewidth=0.5)
                continue
            t = item
            ax.barh(y, t["ns/op"], xerr=iqr_bars([t["row"]], "items_per_second", 1e9,
                                                 invert=True, log=log),
                    height=0.7, capsize=2, color=style(t["variant"])["color"],
                    label=t["variant"])
            ticks.append(y)
            ticklabels.append(label_of(t["variant"]))
            ax.text(1.01, y, "%9.1f  %7s  %6s" % (t["ns/op"], ratio_text(t["/floor"]),
                                                  ratio_text(t["/seed"])),
                    transform=ax.get_yaxis_transform(), fontsize=8.5, va="center",
                    family="monospace")
        # the column header sits on the first group's header row, which has no bar
        ax.text(1.01, len(slots) - 1, "%9s  %7s  %6s" % ("ns/op", "/floor", "/seed"),
                transform=ax.get_yaxis_transform(), fontsize=8.5, va="center",
                family="monospace", fontweight="bold")
        if floor_nsop:
            ax.axvline(floor_nsop, label="floor, 1 thread: %.1f ns/op" % floor_nsop, **{
                k: v for k, v in FLOOR_STYLE.items() if k != "marker"})
        ax.set_yticks(ticks)
        ax.set_yticklabels(ticklabels, fontsize=9)
        ax.set_ylim(-0.7, len(slots) - 0.3)
        if log:
            ax.set_xscale("log")
        ax.set_xlabel("ns per operation (1 producer; bars: interquartile range%s)"
                      % (", log scale" if log else ""))
        ax.grid(True, axis="x", which="major", alpha=0.3)
        handles, labels = collect_legend([ax])
        columns = min(len(labels), 6)
        legend_h = 0.3 + 0.2 * math.ceil(len(labels) / columns)
        fig.legend(handles, labels, loc="lower center", ncol=columns, fontsize=8,
                   title="variant (bar colour)", title_fontsize=8, frameon=False)
        fig.suptitle("ns/op at 1 producer: %s; /floor: over %s at 1 thread, /seed: over "
                     "seed, same wake policy\n%s" % (scenario, "/".join(sorted(
                         {mr.floor_of(result, t["row"]) or "none" for t in entries})), "\n".join(
                         textwrap.wrap(result.title(), 120))), fontsize=10)
        fig.tight_layout(rect=(0, legend_h / height, 1, 1))
        path = os.path.join(outdir, "nsop-1thread-%s.png" % slug(scenario))
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def plot_latency(result, plt, style, outdir):
    """Percentile bars per variant x wake; each panel's reference (the ping-pong
    of its wake policy's futex flavour) as dashed lines."""
    rows = [r for r in result.latency_rows() if not r.name.reference]
    references = [r for r in result.latency_rows() if r.name.reference]
    if not rows:
        return [], ["wake-latency plot skipped: no wake_latency rows with percentiles"]
    percentiles = [label for label, _ in rows[0].percentiles()]
    cmap = plt.get_cmap("Blues")
    colours = {p: cmap(0.45 + 0.5 * i / max(1, len(percentiles) - 1))
               for i, p in enumerate(percentiles)}
    variants = result.ordered("variant", rows)
    if len(variants) > 1:  # a panel per wake policy, a group per variant
        panels = [("wake policy: %s" % label_of(w), [r for r in rows if r.wake == w], "variant",
                   result.latency_reference(w)) for w in result.ordered("wake", rows)]
    else:  # older names: no variant, one panel with a group per wake policy
        panels = [("variant: %s" % (variants[0] if variants else "not in the name "
                                    "(wake_latency/<wake> rows)"), rows, "wake",
                   result.latency_reference())]
    width = max(5.2, 0.7 * max(len(p[1]) for p in panels) + 1.2)
    fig, axes, legend_ax = panel_grid(plt, len(panels), panel_w=width, panel_h=3.6,
                                      columns=3 if width < 6.5 else 2)
    values = [v for r in rows + references
              for v in (r.get(p + "_ns") for p in percentiles) if v]
    for ax, (title, prow, group, reference) in zip(axes, panels):
        width = 0.8 / len(percentiles)
        for i, row in enumerate(prow):
            for j, p in enumerate(percentiles):
                value = row.get(p + "_ns") or 0
                ax.bar(i - 0.4 + width * (j + 0.5), value, width,
                       yerr=iqr_bars([row], p + "_ns", log=True), capsize=2,
                       color=colours[p], label="%s of this row" % p,
                       edgecolor="black", linewidth=0.4)
        if reference:
            for p in percentiles:
                if reference.get(p + "_ns"):
                    ax.axhline(reference.get(p + "_ns"), color=colours[p], linestyle="--",
                               linewidth=1.6, label="%s %s" % (reference.variant, p))
        ax.set_xticks(range(len(prow)))
        ax.set_xticklabels([" ".join(p for p in (label_of(getattr(r, group)), r.qualifier) if p)
                            for r in prow], rotation=30,
                           ha="right", fontsize=9)
        ax.set_xlim(-0.6, max(len(prow), 2) - 0.4)
        ax.set_yscale("log")
        if values:  # the same scale in every panel
            ax.set_ylim(min(values) / 2, max(values) * 2)
        ax.set_ylabel("wake latency (ns, log scale)")
        ax.set_xlabel(group)
        ax.set_title(title, fontsize=10)
        ax.grid(True, axis="y", which="major", alpha=0.3)
    handles, labels = collect_legend(axes)
    path = os.path.join(outdir, "wake-latency.png")
    finish(fig, legend_ax, handles, labels, "Wake latency, enqueue to guest running\n"
           "median of repetitions, bars: interquartile range; dashed: the ping-pong of the "
           "policy's futex flavour",
           result, path, legend_title="percentile")
    plt.close(fig)
    return [path], []


def plot_growth(result, plt, style, outdir):
    """grow/<base>/<wake>: throughput per base, a panel per wake policy."""
    rows = [r for r in result.throughput_rows() if r.family == "grow"]
    if not rows:
        return [], ["growth plot skipped: no grow/... rows in this result"]
    wakes = result.ordered("wake", rows)
    fig, axes, legend_ax = panel_grid(plt, len(wakes))
    bases = result.ordered("variant", rows)
    for ax, wake in zip(axes, wakes):  # each panel its own scale: bars compare bases
        wrows = [r for r in rows if r.wake == wake]
        log = spans_decades([mops(r) for r in wrows])
        threads = sorted(set(r.threads for r in wrows))
        width = 0.8 / len(bases)
        for j, base in enumerate(bases):
            xs, ys, placed = [], [], []
            for i, t in enumerate(threads):
                row = next((r for r in wrows if r.variant == base and r.threads == t), None)
                if row:
                    xs.append(i - 0.4 + width * (j + 0.5))
                    ys.append(mops(row))
                    placed.append(row)
            bars = ax.bar(xs, ys, width,
                          yerr=iqr_bars(placed, "items_per_second", 1e-6, log=log),
                          capsize=2, color=style(base)["color"], label=base,
                          edgecolor="black", linewidth=0.4)
            for patch, row in zip(bars.patches, placed):
                if row.oversubscribed:
                    patch.set_hatch("//")
        ax.set_xticks(range(len(threads)))
        ax.set_xticklabels([str(t) for t in threads])
        ax.set_xlabel("producer threads")
        ax.set_ylabel("throughput (Mops/s%s)" % (", log" if log else ""))
        if log:
            ax.set_yscale("log")
        ax.set_title("wake policy: %s" % label_of(wake), fontsize=10)
        ax.grid(True, axis="y", alpha=0.3)
    handles, labels = collect_legend(axes)
    path = os.path.join(outdir, "growth.png")
    finish(fig, legend_ax, handles, labels, "Enqueue while memory grows: throughput per base "
           "(median of repetitions, bars: interquartile range; hatched: oversubscribed)",
           result, path, legend_title="base")
    plt.close(fig)
    return [path], []


# --- summary.md ---

def table_lines(header, rows):
    """summary.md's tables: numeric columns right-aligned."""
    return mdtable.lines(header, rows, right=mdtable.NUMERIC)


def table_section(title, note, header, rows):
    """A section of summary.md: its title, what its table shows, the table."""
    return ["", "## " + title, "", note, ""] + table_lines(header, rows)


def paused_cells(r):
    return [mr.fmt(r.variant), mr.fmt(r.wake), r.threads, mr.fmt(r.get("pause_delivered"), 1),
            mr.fmt(r.get("pause_ns"), 0), mr.fmt(r.get("pauses"), 1), mr.fmt(r.ns_per_op(), 1)]


def adaptive_cells(a):
    return ([mr.fmt(a["variant"]), mr.fmt(a["wake"]), a["budget"]]
            + [mr.fmt(a["row"].get(k), 0) for k in (
                "within_p50_ns", "within_p99_ns", "beyond_p50_ns", "beyond_p99_ns")]
            + [mr.fmt(a["row"].get("idle_cpu_pct"), 2), mr.fmt(a["spin p50"], 0),
               mr.fmt(a["within_spin"]), mr.fmt(a["sleeping p50"], 0),
               mr.fmt(a["sleeping idle"], 2)])


def abi_v2_cells(e):
    return [e["scenario"], mr.fmt(e["variant"]), mr.fmt(e["wake"]), e["threads"],
            mr.fmt(e["seed layout"], 1), mr.fmt(e["abi_v2"], 1), mr.fmt(e["v2/seed"])]


def placement_cells(r):
    return [r.scenario, mr.fmt(r.variant), mr.fmt(r.wake), r.threads, r.placement(),
            mr.fmt(r.get("helper_shared"), 0), "yes" if r.oversubscribed else "no"]


# summary.md's sections of one table each: (title, the rows (of the result; none leaves
# the section out), what the table shows, its columns, one row's cells).
ISSUE14_SECTIONS = (
    ("Paused producer", mr.paused_rows,
     "paused/<variant>/<wake> (mbx-bench-paused): producer 0 paused between claim "
     "and publish while the others enqueue. Medians over repetitions: "
     "pause_delivered, the mean ids the guest took during a pause; pause_ns, the "
     "mean pause; pauses, per repetition; e2e ns/id, 1e9 / items_per_second of "
     "the row (the build with fault points: compare with its own rows).",
     ["variant", "wake", "threads", "pause_delivered", "pause_ns", "pauses", "e2e ns/id"],
     paused_cells),
    ("Adaptive guest", mr.adaptive_rows,
     "wake_latency/<variant>/<wake>/spin_budget_ns:<budget>: a guest that polls "
     "for the budget before it sleeps. Medians over repetitions, in ns: within, "
     "ids that arrive while it still polls; beyond, after it slept; idle_cpu_pct, "
     "the guest's CPU time per idle wall time. Beside it: the variant's spin row "
     "(p50; within/spin: within p50 over it) and its plain row of the same wake "
     "(the sleeping guest: p50, idle CPU).",
     ["variant", "wake", "budget ns", "within p50", "within p99", "beyond p50", "beyond p99",
      "idle_cpu_pct", "spin p50", "within/spin", "sleeping p50", "sleeping idle_cpu_pct"],
     adaptive_cells),
    ("ABI v2 layout", mr.abi_v2_rows,
     "Each row of mbx-bench-abi-v2 (waiter, flag, head and tail each on a cache "
     "line of its own) beside the seed layout's row of the same name; ns/op "
     "medians; v2/seed: the ABI v2 row over the seed layout's.",
     ["scenario", "variant", "wake", "threads", "seed layout ns/op", "abi_v2 ns/op",
      "v2/seed"],
     abi_v2_cells),
)
PLACEMENT_SECTION = (
    "Placement", lambda result: [r for r in result.rows if r.placement()],
    "The CPU each thread ran on (sched_getcpu right after binding, and at its "
    "end when it moved; a|b when repetitions differ); helper: the row's guest, "
    "consumer or grower; helper_shared: producers seen on the helper's CPU.",
    ["scenario", "variant", "wake", "threads", "CPUs", "helper_shared", "oversubscribed"],
    placement_cells)


def sections(result, table):
    """The sections of a table like ISSUE14_SECTIONS that the result has rows for."""
    out = []
    for title, select, note, header, cells in table:
        rows = select(result)
        if rows:
            out += table_section(title, note, header, [cells(r) for r in rows])
    return out


def write_summary(result, hazards, notes, pngs, outdir):
    c = result.context
    out = ["# mbx benchmark summary: %s" % os.path.basename(result.path), ""]
    for label, value in (
            ("machine", result.machine()),
            ("commit", "%s (worktree dirty: %s)" % (result.commit(),
                                                    c.get("mbx_worktree_dirty", "unknown"))),
            ("date", c.get("date")),
            ("compiler", "%s, flags `%s`" % (c.get("mbx_compiler", "?"),
                                             str(c.get("mbx_flags", "?")).strip())),
            ("placement", "%s; the CPU each thread ran on is in its row (cpu_p<i>, "
                          "cpu_helper counters)" % c.get("mbx_placement", "?")),
            ("bench arguments", "`%s`" % c.get("mbx_bench_args", "?"))):
        out.append("- %s: %s" % (label, value))
    out += ["", "## Throughput", "",
            "Median over repetitions. /seed: over `seed`'s under the same scenario, wake "
            "policy and threads. cv%: coefficient of variation of items_per_second over "
            "repetitions. notes: bistable, cv>10%, oversubscribed (threads + helper > "
            "CPUs), overwrites (e2e of a variant that overwrites: items are delivered ids)."
            " results/README.md defines each column.", ""]
    rows = []
    for t in mr.summary_rows(result):
        rows.append([t["scenario"], mr.fmt(t["variant"]), mr.fmt(t["wake"]), t["threads"],
                     mr.fmt(t["Mops/s"], 2), mr.fmt(t["ns/op"], 1), mr.fmt(t["/floor"]),
                     mr.fmt(t["/seed"]), mr.fmt(t["cv%"], 1), t["notes"]])
    out += table_lines(mr.SUMMARY_COLUMNS, rows) if rows else ["(no throughput rows)"]
    out += [""] + ["- " + line for line in mr.statistics_notes(mr.summary_rows(result))]
    dispatch = mr.dispatch_rows(result)
    if dispatch:
        out += table_section("Dispatch overhead", mr.DISPATCH_NOTE, mr.DISPATCH_COLUMNS,
                             [mr.dispatch_cells(e) for e in dispatch])

    latency = mr.latency_rows(result)
    if latency:
        labels = [label for label, _ in latency[0]["row"].percentiles()]
        header = ["variant", "wake", "reference"] + ["%s ns" % l for l in labels] \
            + ["%s /pingpong" % l for l in labels] + ["cv% (p50)"]
        rows = [[mr.fmt(r["variant"]), mr.fmt(r["wake"]), mr.fmt(r["reference"])]
                + [mr.fmt(r.get(l), 0) for l in labels]
                + [mr.fmt(r.get(l + "/ref")) for l in labels] + [mr.fmt(r["cv%"], 1)]
                for r in latency]
        out += table_section(
            "Wake latency",
            "Median over repetitions of each percentile, in ns (one way: enqueue or "
            "wake to the guest running); /pingpong: over the same percentile of the "
            "ping-pong of the policy's futex flavour (reference). p999 only where 10 "
            "samples lie beyond it.", header, rows)

    out += sections(result, ISSUE14_SECTIONS)

    families = result.ordered("family", [r for r in result.rows if r.counters(False)])
    for family in families:
        frows = [r for r in result.rows if r.family == family and r.counters(False)]
        counters = []
        for r in frows:
            counters += [k for k in r.counters(False) if k not in counters]
        if all(not r.get(k) for r in frows for k in counters):
            out += ["", "## Counters: %s" % family, "",
                    "%s: 0 in all %d rows." % (", ".join(counters), len(frows))]
            continue
        out += table_section("Counters: %s" % family, "Median over repetitions.",
                             ["scenario", "variant", "wake", "threads"] + counters,
                             [[r.scenario, mr.fmt(r.variant), mr.fmt(r.wake), r.threads]
                              + [mr.fmt(r.get(k), 1) for k in counters] for r in frows])

    out += sections(result, (PLACEMENT_SECTION,))

    out += ["", "## Hazards", ""]
    if hazards is None:
        out.append("No hazard table: %s is absent (make bench writes it with "
                   "`mbx-hazards --json`)." % os.path.basename(result.hazards_path()))
    elif not hazards:
        out.append("The hazard table in %s is empty." % os.path.basename(result.hazards_path()))
    else:
        columns = []
        for h in hazards:
            columns += [k for k in h if k not in columns]
        out.append("From %s (`%s`): what the simulated guest received per combination."
                   % (os.path.basename(result.hazards_path()),
                      c.get("mbx_hazards_command", "mbx-hazards --json")))
        out.append("")
        out += table_lines(columns, [[mr.fmt(h.get(k), 0) if isinstance(h.get(k), float)
                                   else mr.fmt(h.get(k)) for k in columns] for h in hazards])

    out += ["", "## Errors", ""]
    if result.errors:
        out += ["- `%s`: %s" % (name, message) for name, message in result.errors]
    else:
        out.append("None: no benchmark reported error_occurred.")
    if notes:
        out += ["", "## Notes", ""] + ["- %s" % n for n in notes]
    if pngs:
        out += ["", "## Plots", ""] + ["![%s](%s)" % (os.path.basename(p), os.path.basename(p))
                                       for p in pngs]
    path = os.path.join(outdir, "summary.md")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")
    return path


def main(argv):
    args = parse_args(argv)
    try:
        path = newest_result() if args.newest else args.result
        result = mr.load(path)
        hazards = mr.load_hazards(result.hazards_path())
    except mr.ResultError as error:
        print("plot: %s" % error, file=sys.stderr)
        return 1
    outdir = args.out or (path[:-5] if path.endswith(".json") else path + ".plots")
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as error:
        print("plot: cannot create %s: %s" % (outdir, error.strerror), file=sys.stderr)
        return 1
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        print("plot: %s (install python3-matplotlib: scripts/install-deps)" % error,
              file=sys.stderr)
        return 1
    style = Style(result, plt)
    pngs, notes = [], []
    pngs += plot_throughput(result, plt, style, outdir)
    pngs += plot_nsop(result, plt, style, outdir)
    if not pngs:
        notes.append("throughput and ns/op plots skipped: no throughput rows besides floor")
    for plot in (plot_latency, plot_growth):
        written, skipped = plot(result, plt, style, outdir)
        pngs += written
        notes += skipped
    # PNGs of ours that this run did not write came from an older plot of the
    # directory (other names, another version): remove them, say so.
    for name in sorted(os.listdir(outdir)):
        stale = os.path.join(outdir, name)
        if name.endswith(".png") and stale not in pngs and (
                name in ("wake-latency.png", "growth.png")
                or name.startswith(("throughput-", "nsop-1thread-"))):
            os.remove(stale)
            print("plot: removed %s, left by an earlier plot of this directory" % name)
    summary = write_summary(result, hazards, notes, pngs, outdir)
    for note in notes:
        print("plot: note: %s" % note)
    for name, message in result.errors:
        print("plot: error in the run: %s: %s" % (name, message))
    print("plot: %d PNGs and %s in %s" % (len(pngs), os.path.basename(summary), outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
