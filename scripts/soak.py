#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""soak.py: the summary (markdown) and the plot (PNG) of an mbx-soak report.

usage: scripts/soak.py SOAK.json [--out-md MD] [--out-png PNG]

Writes SOAK.md and SOAK.png beside the report unless told otherwise (never
over an existing file). The report is read through scripts/mbxresults.py;
docs/soak.md says what each column means. matplotlib is needed for the plot
only: without it the summary is still written and the plot is skipped.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mbxresults as mr  # noqa: E402

# The "done when" for the long run: at least these, in all.
TARGETS = (("ids", "ids delivered", 10**9),
           ("pauses", "injected pauses", 10**4),
           ("move", "memory moves", 10**3),
           ("close_reattach", "close / re-attach cycles", 10**2))
PAUSES = ("pause_in_enqueue", "pause_between")


def _us(ns):
    return "-" if ns is None else "%.1f" % (ns / 1000.0)


def _count(value):
    return "-" if value is None else "{:,}".format(value).replace(",", " ")


def _stalls(counters):
    """Head-of-line stalls: how many, and the longest (ms); '-' before the guest counted them."""
    if counters.get("head_of_line_stalls") is None:
        return "-"
    if counters["head_of_line_stalls"] == 0:
        return "0"
    return "%s (longest %.1f ms)" % (_count(counters["head_of_line_stalls"]),
                                     counters.get("head_of_line_stall_max_ns", 0) / 1e6)


def _totals_value(totals, key):
    if key in ("ids", "pauses"):
        return totals[key]
    return totals["faults"][key]


def summary(report, png_name):
    """The summary markdown as a list of lines."""
    ctx = report["context"]
    totals = report["totals"]
    lat = totals["latency_ns"]
    out = ["# Soak: %s" % ("passed" if report["passed"] else "FAILED"), ""]
    out.append("Host `%s` (%s CPUs), commit `%s`%s, build %s (%s), %.0f s of %.0f requested."
               % (ctx.get("host"), ctx.get("cpus"), ctx.get("commit", "?"),
                  " (dirty worktree)" if ctx.get("worktree_dirty") == "yes" else "",
                  ctx.get("build"), ctx.get("compiler"), ctx.get("duration_s", 0),
                  ctx.get("duration_s_requested", 0)))
    out.append("")
    out.append("Command: `%s`" % ctx.get("command", "?"))
    out += ["", "## Totals over the exactly-once configurations", "",
            "| ids | lost | duplicated | stale | overwritten | lost wake-ups | "
            "head-of-line stalls | latency p50 µs | p99 µs | p99.9 µs | max µs |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                _count(totals["ids"]), _count(totals["lost"]), _count(totals["duplicated"]),
                _count(totals["stale"]), _count(totals["overwritten"]),
                _count(totals["lost_wakeups"]), _stalls(totals),
                _us(lat["p50"]), _us(lat["p99"]), _us(lat["p999"]), _us(lat["max"])),
            "", "Faults injected:", "",
            "| " + " | ".join(totals["faults"]) + " |",
            "| " + " | ".join("---:" for _ in totals["faults"]) + " |",
            "| " + " | ".join(_count(v) for v in totals["faults"].values()) + " |",
            "", "Against the long run's targets (issue 15):", ""]
    for key, label, target in TARGETS:
        value = _totals_value(totals, key)
        out.append("- %s: %s (target %s) %s" % (label, _count(value), _count(target),
                                                  "met" if value >= target else "NOT met"))
    failed = [c for c in report["configurations"] if c.get("passed") is False]
    if failed:
        out += ["", "## Failures", ""]
        for c in failed:
            out.append("- `%s`: %s; first ids: %s" % (c["name"], c["failure"],
                                                      ", ".join(c["bad_ids"]) or "-"))
    out += ["", "## Per configuration", "",
            "| configuration | s | ids | M ids/s | lost | dup | stale | overwr. | lost wake-ups "
            "| head-of-line stalls | pauses | moves | closes | p50 µs | p99 µs | p99.9 µs "
            "| max µs |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| ---: | ---: | ---: | ---: | ---: |"]
    hostile = []
    for c in report["configurations"]:
        if "skipped" in c:
            out.append("| `%s` | skipped: %s |" % (c["name"], c["skipped"]))
            continue
        if c["guest"] == "hostile":
            hostile.append(c)
            continue
        f, lat = c["faults"], c["latency_ns"]
        out.append("| `%s` | %.1f | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
                   "| %s | %s | %s |" % (
                       c["name"], c["seconds"], _count(c["ids"]), c["ids_per_second"] / 1e6,
                       c["lost"], c["duplicated"], c["stale"], c["overwritten"],
                       c["lost_wakeups"], _stalls(c), _count(sum(f[k] for k in PAUSES)), f["move"],
                       f["close_reattach"], _us(lat["p50"]), _us(lat["p99"]),
                       _us(lat["p999"]), _us(lat["max"])))
    if hostile:
        out += ["", "## Hostile guest (promise: no stray write outside the mailbox, no hang)", "",
                "| configuration | s | enqueues | accepted | scribbles | closes | stray bytes "
                "| worst enqueue µs | hang | result |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
        for c in hostile:
            out.append("| `%s` | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                c["name"], c["seconds"], _count(c["enqueues"]), _count(c["accepted"]),
                _count(c["faults"]["scribble"]), c["faults"]["close_reattach"],
                c["stray_bytes"], _us(c["worst_enqueue_ns"]), "yes" if c["hang"] else "no",
                "passed" if c["passed"] else "FAILED"))
    if png_name:
        out += ["", "![delivery latency over time, faults marked](%s)" % png_name]
    return out


def plot(report, path):
    """Delivery latency per window (p50, p99, max) with the faults marked below."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    timeline = report["timeline"]
    cols = {name: i for i, name in enumerate(timeline["columns"])}
    rows = [r for r in timeline["rows"] if r[cols["p50_ns"]] > 0]
    t = [r[cols["start_s"]] for r in rows]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 7), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})
    for key, style in (("max_ns", "."), ("p99_ns", "-"), ("p50_ns", "-")):
        top.plot(t, [r[cols[key]] / 1000.0 for r in rows], style, markersize=2, linewidth=0.8,
                 label=key[:-3])
    top.set_yscale("log")
    top.set_ylabel("delivery latency per window (µs)")
    # configurations alternate in shade; the name of each is in the summary
    configs = report["configurations"]
    bounds = {}
    for r in timeline["rows"]:
        lo, hi = bounds.get(r[cols["config"]], (r[cols["start_s"]], r[cols["start_s"]]))
        bounds[r[cols["config"]]] = (min(lo, r[cols["start_s"]]), max(hi, r[cols["start_s"]]))
    for n, (config, (lo, hi)) in enumerate(sorted(bounds.items(), key=lambda kv: kv[1])):
        if n % 2:
            top.axvspan(lo, hi + timeline["window_s"], color="0.93", zorder=0)
        if config < len(configs) and configs[config].get("guest") == "hostile":
            top.axvspan(lo, hi + timeline["window_s"], color="mistyrose", zorder=0)
    # one label per group of configurations: the variant, or "hostile"
    groups = {}
    for config, (lo, hi) in bounds.items():
        if config < len(configs):
            group = configs[config]["name"].split("/")[0]
            glo, ghi = groups.get(group, (lo, hi))
            groups[group] = (min(glo, lo), max(ghi, hi))
    for group, (lo, hi) in groups.items():
        top.annotate(group, xy=((lo + hi) / 2, 1.0), xycoords=("data", "axes fraction"),
                     ha="center", va="bottom", fontsize="small")
    top.legend(loc="upper right", fontsize="small")
    fig.suptitle("mbx-soak %s, commit %s: delivery latency, faults injected per window"
                 % (report["context"].get("host"), report["context"].get("commit", "?")))
    all_t = [r[cols["start_s"]] for r in timeline["rows"]]
    for kind, marker in (("pause_in_enqueue", "v"), ("pause_between", "^"), ("move", "s"),
                         ("close_reattach", "|")):
        counts = [r[cols[kind]] for r in timeline["rows"]]
        marked = [(x, c) for x, c in zip(all_t, counts) if c]
        if marked:
            bottom.plot([x for x, _ in marked], [c for _, c in marked], marker,
                        markersize=3, linestyle="none", label=kind)
    bottom.set_yscale("log")
    bottom.set_ylabel("faults per window")
    bottom.set_xlabel("seconds since the soak started (grey / white: one configuration each; "
                      "red: hostile guest)")
    bottom.legend(loc="upper right", fontsize="small", ncol=4)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", help="mbx-soak --json output (results/<host>/soak-*.json)")
    parser.add_argument("--out-md", help="default: the report with .md")
    parser.add_argument("--out-png", help="default: the report with .png")
    args = parser.parse_args(argv)
    try:
        report = mr.load_soak(args.report)
    except mr.ResultError as error:
        print("soak.py: %s" % error, file=sys.stderr)
        return 1
    stem = args.report[:-5] if args.report.endswith(".json") else args.report
    md = args.out_md or stem + ".md"
    png = args.out_png or stem + ".png"
    for path in (md, png):
        if os.path.exists(path):
            print("soak.py: %s exists; results are never overwritten" % path, file=sys.stderr)
            return 1
    try:
        plot(report, png)
    except ImportError:
        print("soak.py: matplotlib missing: no plot", file=sys.stderr)
        png = None
    with open(md, "x", encoding="utf-8") as handle:
        handle.write("\n".join(summary(report, os.path.basename(png) if png else None)) + "\n")
    print("soak: %s%s" % (md, (", " + png) if png else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
