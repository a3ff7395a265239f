# SPDX-License-Identifier: MIT
"""mbxresults: the one parser of mbx result files (STYLE.md convention 9).

plot.py, compare.py, headline.py, docs.py, soak.py and the tests import it;
scripts/bench and tests/scripts/make-fixture run it (below); nothing else
reads a result file. Standard library only (it also runs where
matplotlib is missing). A result file is google-benchmark's JSON
(`--benchmark_out_format=json`) plus the context keys scripts/bench adds.

Names (parameters such as real_time, threads:N, min_time:X are dropped):
  floor                                     the bare fetch_add + store
  floor/reference_path                      the reference's enqueue inline (REFERENCE_FLOOR)
  enqueue/<variant>/<wake>/<awake|asleep>   scenario enqueue/<awake|asleep>
  enqueue_inline/<variant>/<wake>/<...>     its twin through <mbx/inline.h>
  enqueue_qsbr/<variant>/<wake>/awake/report_every:<N>   an online QSBR producer
                                            (scenario enqueue_qsbr/awake/report_every:<N>)
  enqueue_inline_qsbr/<variant>/<wake>/awake/report_every:<N>   the inline enqueue
                                            on one (enqueue_inline_qsbr/awake/...)
  e2e/<variant>/<wake>
  wake_latency/<variant>/<wake>             (older binaries: wake_latency/<wake>)
  wake_latency/<flavour>_pingpong            a latency reference: futex_pingpong
                                            (shared), futex_private_pingpong,
                                            spin_pingpong; the context key
                                            mbx_latency_references names each
                                            wake policy's
  grow/<base>/<wake>                        the base goes in the variant column
  peer/<name>/<enqueue|e2e>                 scenario peer/<mode>, the name in
                                            the variant column, no wake
Other families parse as <family>/<variant>/<wake>/<qualifier...>. A qualifier
may be KEY:VALUE (wake_latency/<variant>/<wake>/spin_budget_ns:<ns>, scenario
wake_latency/spin_budget_ns:<ns>); google-benchmark's own KEY:VALUE segments
(threads, iterations, repeats, min_time, min_warmup_time) are parameters. Variant,
wake and base names are never listed here: they come from the data.

Run as a program (scripts/bench and tests/scripts/make-fixture do; usage: --help):
  summary RESULT.json              prints the summary table
  finalize SRC DST KEY=VALUE...    adds context keys to a fresh google-benchmark
                                   output and writes it to DST, which must not exist
  context RESULT.json KEY DEFAULT  prints one context key (DEFAULT when absent)
  hazards DST SRC...               writes the hazard tables SRC... (mbx-hazards --json)
                                   as one array to DST, which must not exist
  compact RESULT.json              rewrites a result one benchmark entry a line (fixtures)
"""
import json
import math
import os
import re
import statistics
import sys

# The floor enqueue rows are held to: the reference's own enqueue, inline in C.
REFERENCE_FLOOR = "floor/reference_path"
# The futex ping-pong row of wake_latency: the reference of a wake policy the
# context (mbx_latency_references) does not name, and of older files.
LATENCY_REFERENCE = "futex_pingpong"
# Keys of a benchmark entry that are bookkeeping, not measurements.
_BOOKKEEPING = {"family_index", "per_family_instance_index", "repetitions",
                "repetition_index", "threads", "iterations"}
# A row whose cv (over repetitions) exceeds this is flagged in the summary.
CV_FLAG = 0.10
# Two repetitions this far apart (ratio), with a flagged cv: a bistable row.
BISTABLE_GAP = 1.5
# The one place floors are matched to rows (floor_for): (floor scenario, the
# scenarios whose rows have its shape and divide by it at their own thread
# count). floor: N producers on one line, no consumer (bench/bench_main.c);
# floor/consumer: the same plus a consumer reading the line on its own core,
# e2e's shape. A new floor row joins here with the scenarios it applies to.
# The first floor listed that the run has wins: enqueue rows divide by the
# reference's own enqueue inline (REFERENCE_FLOOR) when the run has it.
FLOORS = (
    (REFERENCE_FLOOR, ("enqueue/", "enqueue_inline/", "enqueue_unquiesced/", "enqueue_qsbr/",
                       "enqueue_inline_qsbr/")),
    ("floor", ("enqueue/", "enqueue_inline/", "enqueue_unquiesced/", "enqueue_qsbr/",
               "enqueue_inline_qsbr/", "peer/enqueue")),
    ("floor/consumer", ("e2e", "peer/e2e")),
)
# Parameter segments google-benchmark appends to a name without a colon.
_FLAG_PARAMS = {"real_time", "process_time", "manual_time"}
# ...and with one. A segment KEY:VALUE with another key is the benchmark's own
# qualifier (wake_latency/<variant>/<wake>/spin_budget_ns:<ns>): part of the scenario.
_VALUE_PARAMS = {"threads", "iterations", "repeats", "min_time", "min_warmup_time"}
_PERCENTILE = re.compile(r"^p(\d+)_ns$")
# Where threads ran (bench/harness.h): per-thread CPUs, and the row's placement flags.
_PLACEMENT = re.compile(r"^cpu_(p\d+|helper)(_end)?$|^helper_shared$|^oversubscribed$")


class ResultError(Exception):
    """A result file that cannot be read; the message names the file."""


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite(value):
    return value is not None and _number(value) and math.isfinite(value)


class Name:
    """One benchmark name split into fields."""

    def __init__(self, run_name):
        self.run_name = run_name
        self.params = {}
        fields = []
        for part in run_name.split("/"):
            if ":" in part and part.split(":", 1)[0] in _VALUE_PARAMS:
                key, value = part.split(":", 1)
                self.params[key] = value
            elif part in _FLAG_PARAMS:
                self.params[part] = True
            else:
                fields.append(part)
        self.base_name = "/".join(fields)
        self.family = fields[0] if fields else run_name
        rest = fields[1:]
        self.variant = self.wake = None
        qualifiers = []
        self.reference = False
        if self.family == "floor":
            qualifiers = rest
        elif self.family == "wake_latency":
            if len(rest) == 1 and rest[0].endswith("pingpong"):
                self.reference = True
                self.variant = rest[0]
            elif len(rest) == 1:  # the older name: wake_latency/<wake>
                self.wake = rest[0]
            else:
                self.variant, self.wake, qualifiers = _take(rest, 2)
        elif self.family == "peer":
            self.variant, mode, qualifiers = _take(rest, 2)
            qualifiers = ([mode] if mode else []) + qualifiers
        else:
            self.variant, self.wake, qualifiers = _take(rest, 2)
        self.scenario = "/".join([self.family] + qualifiers)
        try:
            self.threads = int(self.params.get("threads", 1))
        except ValueError:
            self.threads = 1

    def __repr__(self):
        return "Name(%r)" % self.run_name


def _take(fields, count):
    head = list(fields[:count]) + [None] * (count - len(fields[:count]))
    return head + [list(fields[count:])]


class Row:
    """One benchmark instance (a run_name): its statistics over repetitions.

    stats[metric][aggregate] for metric in items_per_second, real_time,
    counters...; aggregate in median, mean, stddev, cv (cv as a fraction),
    taken from google-benchmark's aggregates when the file has them,
    computed from the repetitions otherwise; q1 and q3 (quartiles) from the
    repetitions, which values[metric] keeps in file order.
    """

    def __init__(self, name, threads):
        self.name = name
        self.threads = threads
        self.stats = {}
        self.metrics = []  # in the order the file lists them
        self.repetitions = 0
        self.time_unit = None
        self.values = {}  # metric -> the repetitions' values

    scenario = property(lambda self: self.name.scenario)
    family = property(lambda self: self.name.family)
    variant = property(lambda self: self.name.variant)
    wake = property(lambda self: self.name.wake)
    # the scenario's qualifiers (awake, spin_budget_ns:2000 ...), "" for none
    qualifier = property(lambda self: self.name.scenario[len(self.name.family) + 1:])
    run_name = property(lambda self: self.name.run_name)

    def get(self, metric, aggregate="median"):
        value = self.stats.get(metric, {}).get(aggregate)
        return value if _finite(value) else None

    def percentiles(self):
        """[(label, fraction)] of the p<digits>_ns counters, lowest first."""
        found = []
        for metric in self.metrics:
            match = _PERCENTILE.match(metric)
            if match:
                found.append((metric[:-3], float("0." + match.group(1))))
        return sorted(found, key=lambda item: item[1])

    def counters(self, placement=True):
        """User counters other than throughput and latency percentiles
        (placement=False: without the CPU and placement counters too)."""
        skip = {"real_time", "cpu_time", "items_per_second", "bytes_per_second"}
        return [m for m in self.metrics if m not in skip and not _PERCENTILE.match(m)
                and (placement or not _PLACEMENT.match(m))]

    def placement(self):
        """Where the threads ran: 'p0 0, p1 1, helper 1' (start CPU, '→end' when
        it moved; 'a|b' when repetitions differ), or None without CPU counters."""
        def cpus(name):
            start = sorted({int(v) for v in self.values.get(name, [])})
            end = sorted({int(v) for v in self.values.get(name + "_end", [])})
            if not start:
                return None
            text = "|".join(str(c) for c in start)
            return text if end in ([], start) else text + "→" + "|".join(str(c) for c in end)

        parts = []
        for i in range(self.threads):
            where = cpus("cpu_p%d" % i)
            if where is not None:
                parts.append("p%d %s" % (i, where))
        helper = cpus("cpu_helper")
        if helper is not None:
            parts.append("helper %s" % helper)
        return ", ".join(parts) or None

    def ns_per_op(self, aggregate="median"):
        """Wall time per operation of the whole run: 1e9 / items_per_second.
        (Not per producer: that doubles by construction once producers
        outnumber cores.)"""
        ips = self.get("items_per_second", aggregate)
        return 1e9 / ips if ips else None

    def flag(self, counter):
        """A 0/1 counter of the row (median): True, False, or None when absent."""
        value = self.get(counter)
        return None if value is None else value >= 0.5

    @property
    def oversubscribed(self):
        """More threads (helper included) than online CPUs: the counter
        mbx-bench writes; older files: producers over mbx_online_cpus."""
        return self.flag("oversubscribed")

    @property
    def overwrites(self):
        """An e2e row of a variant that overwrites (its counter)."""
        return bool(self.flag("overwrites"))

    def noisy(self, metric="items_per_second"):
        """cv over CV_FLAG."""
        cv = self.get(metric, "cv")
        return cv is not None and cv > CV_FLAG

    def bistable(self, metric="items_per_second"):
        """Repetitions in two groups BISTABLE_GAP apart or more (with cv over
        CV_FLAG): the row has two regimes, and its median is one of them."""
        values = sorted(v for v in self.values.get(metric, []) if v > 0)
        if len(values) < 3 or not self.noisy(metric):
            return False
        return any(values[i + 1] / values[i] >= BISTABLE_GAP for i in range(len(values) - 1))

    def notes(self):
        """The row's flags, for the summary: noisy, bistable, oversubscribed, overwrites."""
        notes = []
        if self.bistable():
            notes.append("bistable")
        elif self.noisy():
            notes.append("cv>%d%%" % round(CV_FLAG * 100))
        if self.oversubscribed:
            notes.append("oversubscribed")
        if self.overwrites:
            notes.append("overwrites")
        return notes


class Result:
    """A loaded result file: context, rows, errors."""

    def __init__(self, path, data):
        self.path = path
        self.data = data
        self.context = data["context"]
        self.rows = []
        self.errors = []  # (run_name, message), never dropped
        self._collect(data["benchmarks"])

    def _collect(self, entries):
        groups, order = {}, []
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise ResultError("%s: benchmark entry %d has no name" % (self.path, index))
            run_name = entry.get("run_name", entry["name"])
            if run_name not in groups:
                groups[run_name] = []
                order.append(run_name)
            groups[run_name].append(entry)
        def registered(run_name):
            # registration order (google-benchmark's family and instance
            # indices), whatever order interleaved repetitions ran in
            first = groups[run_name][0]
            return (first.get("family_index", 0), first.get("per_family_instance_index", 0))

        order.sort(key=registered)
        for run_name in order:
            entries = groups[run_name]
            name = Name(run_name)
            threads = entries[0].get("threads", name.threads)
            row = Row(name, threads if isinstance(threads, int) else name.threads)
            aggregates, repetitions = {}, []
            for entry in entries:
                if entry.get("error_occurred"):
                    self.errors.append((run_name, str(entry.get("error_message", "(no message)"))))
                elif entry.get("run_type") == "aggregate":
                    aggregates[entry.get("aggregate_name", "?")] = entry
                    row.repetitions = max(row.repetitions, entry.get("repetitions", 0))
                else:
                    repetitions.append(entry)
            for entry in list(aggregates.values()) + repetitions:
                row.time_unit = row.time_unit or entry.get("time_unit")
                for key, value in entry.items():
                    if _number(value) and key not in _BOOKKEEPING and key not in row.metrics:
                        row.metrics.append(key)
            if not aggregates and not repetitions:
                continue  # errored only: listed in self.errors
            for metric in row.metrics:
                stats = {}
                for aggregate, entry in aggregates.items():
                    if _number(entry.get(metric)):
                        stats[aggregate] = float(entry[metric])
                values = [float(e[metric]) for e in repetitions if _number(e.get(metric))]
                if values:
                    described = _describe(values)
                    for key, value in described.items():
                        if key not in stats:
                            stats[key] = value
                    row.values[metric] = values
                row.stats[metric] = stats
            row.repetitions = row.repetitions or len(repetitions)
            self.rows.append(row)

    # --- the machine and the commit ---

    def commit(self):
        commit = self.context.get("mbx_commit")
        if commit:
            return str(commit)
        match = re.search(r"-([0-9a-f]{7,40})(?:-\d+)?\.json$", os.path.basename(self.path))
        return match.group(1) if match else "unknown"

    def machine(self):
        """One line naming the machine: host, CPU model, CPUs, MHz, kernel, topology."""
        c = self.context
        parts = [str(c.get("host_name", "unknown host"))]
        if c.get("mbx_cpu_model") not in (None, "unknown"):
            parts.append(str(c["mbx_cpu_model"]))
        cpu = []
        if c.get("num_cpus"):
            cpu.append("%s CPUs" % c["num_cpus"])
        if c.get("mhz_per_cpu"):
            cpu.append("%s MHz" % c["mhz_per_cpu"])
        if cpu:
            parts.append(" @ ".join(cpu))
        for key in ("kernel", "mbx_topology"):
            if c.get(key):
                parts.append(str(c[key]))
        return ", ".join(parts)

    def title(self):
        return "%s; commit %s" % (self.machine(), self.commit())

    # --- derived orders (from the data, never from a list in a script) ---

    def ordered(self, attribute, rows=None):
        seen = []
        for row in self.rows if rows is None else rows:
            value = getattr(row, attribute)
            if value is not None and value not in seen:
                seen.append(value)
        return seen

    def find(self, scenario, variant, wake, threads):
        for row in self.rows:
            if (row.scenario, row.variant, row.wake, row.threads) == \
                    (scenario, variant, wake, threads):
                return row
        return None

    def floor(self, threads, scenario="floor"):
        for row in self.rows:
            if row.scenario == scenario and row.threads == threads:
                return row
        return None

    def floor_for(self, row):
        """The floor a row is divided by (FLOORS: same shape, placement and
        wall clock, same thread count), or None when none applies (grow: a
        grower moving memory has no floor of its shape)."""
        if row.family == "floor":
            return None
        scenario = self.floor_scenario(row.scenario)
        return self.floor(row.threads, scenario) if scenario else None

    def floor_scenario(self, scenario):
        """The first floor of FLOORS that applies to the scenario and that this
        run has, or None."""
        for floor in floor_scenarios(scenario):
            if any(row.scenario == floor for row in self.rows):
                return floor
        return None

    def latency_rows(self):
        return [row for row in self.rows if row.percentiles()]

    def latency_reference(self, wake=None):
        """The ping-pong row a wake policy's latency is read against: the one
        mbx_latency_references names for it, else futex_pingpong."""
        names = dict(item.split(":", 1) for item in
                     str(self.context.get("mbx_latency_references", "")).split(",")
                     if ":" in item)
        wanted = names.get(wake, LATENCY_REFERENCE)
        for row in self.latency_rows():
            if row.name.reference and row.variant == wanted:
                return row
        return None

    def throughput_rows(self):
        """Rows whose items_per_second is a throughput: not wake_latency's (a
        sample count per second; the adaptive guest's rows have no p50_ns
        but are latency rows all the same)."""
        return [row for row in self.rows
                if not row.percentiles() and row.family != "wake_latency"
                and row.get("items_per_second")]

    def hazards_path(self):
        return hazards_path(self.path)


def floor_scenarios(scenario):
    """The floor scenarios that apply to rows of this scenario (FLOORS), in order."""
    return [floor for floor, applies in FLOORS
            if any(scenario.startswith(a) for a in applies if a.endswith("/"))
            or scenario in applies]


def _describe(values):
    mean = statistics.fmean(values)
    stats = {"median": statistics.median(values), "mean": mean}
    if len(values) > 1:
        stats["stddev"] = statistics.stdev(values)
        stats["cv"] = stats["stddev"] / mean if mean else float("nan")
        stats["q1"], _, stats["q3"] = statistics.quantiles(values, n=4, method="inclusive")
    else:
        stats["q1"] = stats["q3"] = values[0]
    return stats


def _read_json(path):
    """A JSON file's content; raises ResultError with a message naming it."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ResultError("%s: no such file" % path) from None
    except IsADirectoryError:
        raise ResultError("%s: is a directory, not a result file" % path) from None
    except UnicodeDecodeError:
        raise ResultError("%s: not a JSON text file" % path) from None
    except json.JSONDecodeError as error:
        raise ResultError("%s: not JSON (%s)" % (path, error)) from None
    except OSError as error:
        raise ResultError("%s: %s" % (path, error.strerror)) from None
    return data


def read_context(path):
    """The context block of a result file, also of google-benchmark's output before
    finalize (which may have no benchmarks yet)."""
    data = _read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("context"), dict):
        raise ResultError("%s: not a google-benchmark result (no 'context')" % path)
    return data["context"]


def load(path):
    """Loads a result file; raises ResultError with a message naming it."""
    data = _read_json(path)
    if (not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list)
            or not isinstance(data.get("context"), dict)):
        raise ResultError("%s: not a google-benchmark result (wants a JSON object "
                          "with 'context' and 'benchmarks')" % path)
    if not data["benchmarks"]:
        raise ResultError("%s: no benchmarks in the file" % path)
    return Result(path, data)


def hazards_path(result_path):
    """<run>.json -> <run>.hazards.json, where make bench stores mbx-hazards --json."""
    stem = result_path[:-5] if result_path.endswith(".json") else result_path
    return stem + ".hazards.json"


def load_hazards(path):
    """mbx-hazards --json: a list of objects. None when the file is absent."""
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultError("%s: not a hazard table (%s)" % (path, error)) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ResultError("%s: not a hazard table (wants a JSON array of objects)" % path)
    return rows


def load_soak(path):
    """mbx-soak --json (docs/soak.md): a dict with context, configurations,
    totals, timeline and passed. Raises ResultError naming the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultError("%s: not a soak report (%s)" % (path, error)) from None
    if (not isinstance(data, dict) or not isinstance(data.get("configurations"), list)
            or not isinstance(data.get("timeline"), dict) or "passed" not in data):
        raise ResultError("%s: not a soak report (wants configurations, timeline and "
                          "passed)" % path)
    return data


def is_result_file(path):
    """A run file under results/, as opposed to its .hazards.json or a soak report."""
    return (path.endswith(".json") and not path.endswith(".hazards.json")
            and not os.path.basename(path).startswith("soak-"))


# --- the summary ---

SUMMARY_COLUMNS = ("scenario", "variant", "wake", "threads", "Mops/s", "ns/op",
                   "/floor", "/seed", "cv%", "notes")
# What the summary says about /floor, once.
FLOOR_NOTE = ("/floor: over the floor of the row's shape at the same threads and "
              "placement: floor/reference_path (the reference's enqueue inline) for "
              "enqueue rows, floor (producers only) for peer enqueue, floor/consumer (and "
              "a consumer on its own core) for e2e and peer e2e; grow rows have no floor "
              "of their shape (a grower moving memory), so none applies")


def floor_of(result, row):
    """The floor scenario a row's /floor divides by (Result.floor_scenario), or None."""
    return result.floor_scenario(row.scenario) if row.family != "floor" else None


def summary_rows(result):
    """The summary table: one dict per throughput row, floor first, then by
    scenario, wake, variant and threads in the order the file lists them.
    /floor: ns/op over the floor that applies (Result.floor_for), else None;
    /seed: over seed's under the same scenario, wake and threads. A missing
    reference gives None. notes: the row's flags (Row.notes)."""
    rows = result.throughput_rows()
    scenarios = result.ordered("scenario", rows)
    wakes = result.ordered("wake", rows)
    variants = result.ordered("variant", rows)

    def key(row):
        return (row.family != "floor", scenarios.index(row.scenario),
                wakes.index(row.wake) if row.wake is not None else -1,
                variants.index(row.variant) if row.variant is not None else -1,
                row.threads)

    table = []
    for row in sorted(rows, key=key):
        nsop = row.ns_per_op()
        floor = result.floor_for(row)
        seed = result.find(row.scenario, "seed", row.wake, row.threads) if row.variant else None
        cv = row.get("items_per_second", "cv")
        table.append({
            "row": row,
            "scenario": row.scenario,
            "variant": row.variant,
            "wake": row.wake,
            "threads": row.threads,
            "Mops/s": row.get("items_per_second") / 1e6,
            "ns/op": nsop,
            "/floor": _ratio(nsop, floor.ns_per_op() if floor else None),
            "/seed": _ratio(nsop, seed.ns_per_op() if seed else None),
            "cv%": cv * 100 if cv is not None else None,
            "notes": ", ".join(row.notes()),
        })
    return table


def dispatch_rows(result):
    """Each enqueue row beside its enqueue_inline twin (same variant, wake,
    qualifiers and threads): ns/op of both, dispatched/inline (the cost of
    mbx_enqueue's checks and table), and each over REFERENCE_FLOOR's ns/op
    at the same threads. Empty when the run has no twins."""
    table = []
    for row in result.throughput_rows():
        if row.family != "enqueue":
            continue
        twin = result.find("enqueue_inline" + row.scenario[len("enqueue"):], row.variant,
                           row.wake, row.threads)
        if twin is None:
            continue
        floor = result.floor(row.threads, REFERENCE_FLOOR)
        floor_ns = floor.ns_per_op() if floor else None
        dispatched, inline = row.ns_per_op(), twin.ns_per_op()
        table.append({"scenario": row.scenario, "variant": row.variant, "wake": row.wake,
                      "threads": row.threads, "dispatched": dispatched, "inline": inline,
                      "dispatch": _ratio(dispatched, inline),
                      "inline/ref": _ratio(inline, floor_ns),
                      "dispatched/ref": _ratio(dispatched, floor_ns)})
    return table


DISPATCH_NOTE = ("Dispatch: each enqueue row (mbx_enqueue) beside its enqueue_inline twin "
                 "(<mbx/inline.h>), ns/op medians; dispatch = dispatched / inline; /ref = "
                 "over `%s` (the reference's enqueue inline, no wake) at the same threads."
                 % REFERENCE_FLOOR)
DISPATCH_COLUMNS = ("scenario", "variant", "wake", "threads", "dispatched ns", "inline ns",
                    "dispatch", "inline/ref", "dispatched/ref")


def dispatch_cells(entry):
    """One dispatch_rows entry as formatted cells, in DISPATCH_COLUMNS order."""
    return [entry["scenario"], entry["variant"], entry["wake"], entry["threads"],
            fmt(entry["dispatched"], 1), fmt(entry["inline"], 1), fmt(entry["dispatch"]),
            fmt(entry["inline/ref"]), fmt(entry["dispatched/ref"])]


def latency_rows(result):
    """Latency rows: p-percentiles in ns and each one over the reference's."""
    table = []
    for row in result.latency_rows():
        reference = row if row.name.reference else result.latency_reference(row.wake)
        wake = "/".join(p for p in (row.wake, row.qualifier) if p) or None
        entry = {"row": row, "variant": row.variant, "wake": wake, "cv%": None,
                 "reference": reference.variant if reference else None}
        for label, _ in row.percentiles():
            entry[label] = row.get(label + "_ns")
            base = reference.get(label + "_ns") if reference else None
            entry[label + "/ref"] = _ratio(entry[label], base)
        cv = row.get("p50_ns", "cv")
        entry["cv%"] = cv * 100 if cv is not None else None
        table.append(entry)
    return table


# --- issue 14's scenarios: the paused producer, the adaptive guest, ABI v2 ---

ABI_V2 = "abi_v2"  # the last segment of mbx-bench-abi-v2's names (MBX_BENCH_NAME_SUFFIX)
BUDGET = "spin_budget_ns:"  # the adaptive guest's qualifier: spin_budget_ns:<ns>


def paused_rows(result):
    """paused/<variant>/<wake> rows (mbx-bench-paused), in the file's order."""
    return [row for row in result.rows if row.family == "paused"]


def budget_of(row):
    """The adaptive guest's spin budget in ns of a wake_latency row, or None."""
    if row.family != "wake_latency" or not row.qualifier.startswith(BUDGET):
        return None
    try:
        return int(row.qualifier[len(BUDGET):])
    except ValueError:
        return None


def adaptive_rows(result, variant=None):
    """The adaptive guest's rows (of variant, or every variant), by variant
    then budget, each with what it is read against: its variant's plain
    spin row (p50) and its plain row of the same wake (the sleeping guest:
    p50 and idle CPU). within_spin: within_p50_ns over spin's p50."""
    rows = [r for r in result.rows if budget_of(r) is not None
            and variant in (None, r.variant)]
    variants = result.ordered("variant", rows)
    table = []
    for row in sorted(rows, key=lambda r: (variants.index(r.variant), budget_of(r))):
        spin = result.find("wake_latency", row.variant, "spin", row.threads)
        sleeping = result.find("wake_latency", row.variant, row.wake, row.threads)
        spin_p50 = spin.get("p50_ns") if spin else None
        table.append({"row": row, "variant": row.variant, "wake": row.wake,
                      "budget": budget_of(row), "spin p50": spin_p50,
                      "sleeping p50": sleeping.get("p50_ns") if sleeping else None,
                      "sleeping idle": sleeping.get("idle_cpu_pct") if sleeping else None,
                      "within_spin": _ratio(row.get("within_p50_ns"), spin_p50)})
    return table


def abi_v2_rows(result):
    """Each .../abi_v2 row beside its seed-layout twin (the same name without
    the segment): ns/op of both and v2 / seed (None where the twin is absent)."""
    table = []
    for row in result.throughput_rows():
        if not row.scenario.endswith("/" + ABI_V2):
            continue
        scenario = row.scenario[:-len(ABI_V2) - 1]
        seed = result.find(scenario, row.variant, row.wake, row.threads)
        v2, seed_ns = row.ns_per_op(), seed.ns_per_op() if seed else None
        table.append({"row": row, "scenario": scenario, "variant": row.variant,
                      "wake": row.wake, "threads": row.threads, "seed layout": seed_ns,
                      "abi_v2": v2, "v2/seed": _ratio(v2, seed_ns)})
    return table


def _ratio(value, base):
    return value / base if value is not None and base else None


def fmt(value, digits=2):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if isinstance(value, float):
        return "%.*f" % (digits, value)
    return str(value)


_DIGITS = {"Mops/s": 2, "ns/op": 1, "/floor": 2, "/seed": 2, "cv%": 1}


def format_summary(result):
    """The summary as text lines (what scripts/bench prints)."""
    lines = ["%-20s %-12s %-14s %3s %10s %10s %8s %8s %6s  %s" % (
        "scenario", "variant", "wake", "thr", "Mops/s", "ns/op", "/floor", "/seed", "cv%",
        "notes")]
    table = summary_rows(result)
    for r in table:
        lines.append(("%-20s %-12s %-14s %3d %10s %10s %8s %8s %6s  %s" % (
            r["scenario"], fmt(r["variant"]), fmt(r["wake"]), r["threads"],
            fmt(r["Mops/s"], 2), fmt(r["ns/op"], 1), fmt(r["/floor"]), fmt(r["/seed"]),
            fmt(r["cv%"], 1), r["notes"])).rstrip())
    lines += [""] + statistics_notes(table)
    latency = latency_rows(result)
    if latency:
        labels = [label for label, _ in latency[0]["row"].percentiles()]
        lines.append("")
        lines.append("%-30s " % "wake_latency" + " ".join("%10s" % (l + " ns") for l in labels)
                     + " %9s" % "/pingpong")
        for r in latency:
            label = "/".join(x for x in (r["variant"], r["wake"]) if x)
            lines.append("%-30s " % label + " ".join("%10s" % fmt(r.get(l), 0) for l in labels)
                         + " %9s" % fmt(r.get(labels[0] + "/ref")))
    dispatch = dispatch_rows(result)
    if dispatch:
        lines += ["", DISPATCH_NOTE,
                  "%-20s %-10s %-14s %3s %13s %9s %8s %10s %14s" % DISPATCH_COLUMNS]
        for entry in dispatch:
            lines.append("%-20s %-10s %-14s %3d %13s %9s %8s %10s %14s"
                         % tuple(dispatch_cells(entry)))
    if result.errors:
        lines.append("")
        lines.append("errors (%d benchmarks reported error_occurred):" % len(result.errors))
        for run_name, message in result.errors:
            lines.append("  %s: %s" % (run_name, message))
    return lines


def statistics_notes(table):
    """Lines that state, once, what the summary's flags and /floor mean, and
    which rows are bistable (their median is one regime of two)."""
    bistable = [r["row"].run_name for r in table if r["row"].bistable()]
    noisy = sum(1 for r in table if r["row"].noisy())
    lines = ["ns/op: 1e9 / items_per_second, wall time per item of the whole run.",
             FLOOR_NOTE + ".",
             "%d of %d rows have cv > %d%% (notes: cv>%d%% or bistable)."
             % (noisy, len(table), round(CV_FLAG * 100), round(CV_FLAG * 100))]
    if bistable:
        lines.append("bistable (repetitions %.1fx apart; the median is one regime, "
                     "not an average): %s" % (BISTABLE_GAP, ", ".join(bistable)))
    return lines


# --- the headline ratios (scripts/headline prints the tables, scripts/compare
# follows these between two runs) ---

HEADLINE_THREADS = (1, 2, 4)


def _ns(result, scenario, variant, wake, threads):
    row = result.find(scenario, variant, wake, threads)
    return row.ns_per_op() if row else None


# The headline ratios scripts/compare follows between two runs: (label,
# numerator, denominator), each (scenario, variant, wake, threads); a ratio of
# ns/op (> 1: the numerator is slower). Peers join per name found in the run.
HEADLINE_RATIOS = [
    ("enqueue spin 1p: sequenced / seed",
     ("enqueue/awake", "sequenced", "spin", 1), ("enqueue/awake", "seed", "spin", 1)),
    ("enqueue spin 1p: wfcq / seed",
     ("enqueue/awake", "wfcq", "spin", 1), ("enqueue/awake", "seed", "spin", 1)),
    ("enqueue 1p: seed futex / seed waiter_aware",
     ("enqueue/awake", "seed", "futex", 1), ("enqueue/awake", "seed", "waiter_aware", 1)),
] + [("enqueue %s 1p: urcu / seed" % wake,
      ("enqueue/awake", "urcu", wake, 1), ("enqueue/awake", "seed", wake, 1))
     for wake in ("spin", "waiter_aware", "waiter_handoff", "futex")]


def headline_ratios(result):
    """{label: ratio} of the HEADLINE_RATIOS this run has, then the mailbox's
    sequenced (spin) over each peer, enqueue and e2e, at 1, 2 and 4
    producers, and each wake_latency p50 over the ping-pong's."""
    out = {}

    def put(label, a, b):
        if a and b:
            out[label] = a / b

    for label, num, den in HEADLINE_RATIOS:
        put(label, _ns(result, *num), _ns(result, *den))
    names = sorted({r.name.variant for r in result.throughput_rows()
                    if r.name.family == "peer"})
    for name in names:
        for t in HEADLINE_THREADS:
            put("enqueue %dp: mailbox sequenced (spin) / %s" % (t, name),
                _ns(result, "enqueue/awake", "sequenced", "spin", t),
                _ns(result, "peer/enqueue", name, None, t))
            put("e2e %dp: mailbox sequenced (spin) / %s" % (t, name),
                _ns(result, "e2e", "sequenced", "spin", t),
                _ns(result, "peer/e2e", name, None, t))
    for row in result.latency_rows():
        reference = result.latency_reference(row.wake)
        if not row.name.reference and row.get("p50_ns") and reference:
            qualifier = "/" + row.qualifier if row.qualifier else ""  # spin_budget_ns:<ns>
            put("wake_latency p50 %s/%s%s / %s" % (row.variant, row.wake, qualifier,
                                                   reference.variant),
                row.get("p50_ns"), reference.get("p50_ns"))
    return out



def moved_ratios(a, b, threshold=0.10):
    """[(label, ratio in a, ratio in b, relative change)] of the headline
    ratios both runs have, largest move first; those that moved by more than
    threshold (a fraction) first, then the rest."""
    ra, rb = headline_ratios(a), headline_ratios(b)
    moves = [(label, ra[label], rb[label], rb[label] / ra[label] - 1)
             for label in ra if label in rb]
    return sorted(moves, key=lambda m: (abs(m[3]) <= threshold, -abs(m[3])))


def finalize(src, dst, extra):
    """Adds extra context keys to google-benchmark's output and writes dst,
    which must not exist (results are never overwritten)."""
    data = _read_json(src)
    if not isinstance(data, dict) or not isinstance(data.get("context"), dict):
        raise ResultError("%s: not a google-benchmark result" % src)
    data["context"].update(extra)
    _write_new(dst, json.dumps(data, indent=1) + "\n")


def _write_new(dst, text):
    """Writes dst, which must not exist (results are never overwritten)."""
    try:
        with open(dst, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ResultError("%s: exists; results are never overwritten" % dst) from None


def merge_hazards(dst, sources):
    """The hazard tables of sources (mbx-hazards --json each), one array in dst."""
    rows = []
    for src in sources:
        table = load_hazards(src)
        if table is None:
            raise ResultError("%s: no such file" % src)
        rows += table
    _write_new(dst, json.dumps(rows, indent=1) + "\n")


def append_rows(dst, src):
    """Appends the benchmark rows of src (another mbx-bench build's output, run
    with the same flags) to the result dst, in place; nothing is dropped."""
    run, extra = _read_json(dst), _read_json(src)
    for name, data in ((dst, run), (src, extra)):
        if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
            raise ResultError("%s: not a google-benchmark result" % name)
    run["benchmarks"] += extra["benchmarks"]
    with open(dst, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(run, indent=1) + "\n")


def compact(path):
    """Rewrites a result file one benchmark entry a line (the committed fixtures)."""
    result = load(path)
    entries = ",\n".join("  " + json.dumps(b) for b in result.data["benchmarks"])
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{\"context\": %s,\n \"benchmarks\": [\n%s\n ]\n}\n"
                     % (json.dumps(result.context, indent=1), entries))


def _main(argv):
    usage = ("usage: mbxresults.py summary RESULT.json\n"
             "       mbxresults.py finalize SRC.json DST.json [KEY=VALUE...]\n"
             "       mbxresults.py context RESULT.json KEY DEFAULT\n"
             "       mbxresults.py hazards DST.json SRC.json...\n"
             "       mbxresults.py compact RESULT.json\n"
             "       mbxresults.py append DST.json SRC.json\n"
             "summary prints the summary table of a result; finalize adds KEY=VALUE\n"
             "to the context block (a VALUE of digits is stored as a number) and\n"
             "writes DST.json, which must not exist; context prints one key of the\n"
             "context block; hazards writes the hazard tables SRC... as one array to\n"
             "DST.json, which must not exist; compact rewrites a result one benchmark\n"
             "entry a line;\n"
             "append adds SRC.json's benchmark rows (another build of mbx-bench) to DST.json.")
    if len(argv) >= 1 and argv[0] in ("-h", "--help"):
        print(usage)
        return 0
    try:
        if len(argv) == 2 and argv[0] == "summary":
            print("\n".join(format_summary(load(argv[1]))))
            return 0
        if len(argv) == 4 and argv[0] == "context":
            print(read_context(argv[1]).get(argv[2], argv[3]))
            return 0
        if len(argv) >= 3 and argv[0] == "hazards":
            merge_hazards(argv[1], argv[2:])
            return 0
        if len(argv) == 3 and argv[0] == "append":
            append_rows(argv[1], argv[2])
            return 0
        if len(argv) == 2 and argv[0] == "compact":
            compact(argv[1])
            return 0
        if len(argv) >= 3 and argv[0] == "finalize":
            extra = {}
            for item in argv[3:]:
                key, sep, value = item.partition("=")
                number = key.startswith("int:")
                if not sep or not key or (number and not re.fullmatch(r"-?\d+", value)):
                    print("mbxresults: finalize wants KEY=VALUE or int:KEY=DIGITS, not '%s'"
                          % item, file=sys.stderr)
                    return 2
                if number:
                    extra[key[4:]] = int(value)
                else:
                    extra[key] = value
            finalize(argv[1], argv[2], extra)
            return 0
    except ResultError as error:
        print("mbxresults: %s" % error, file=sys.stderr)
        return 1
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
