# SPDX-License-Identifier: MIT
"""scripts/plot, scripts/compare and scripts/mbxresults.py on the committed
fixtures (tests/scripts/make-fixture regenerates them from mbx-bench).

Expected numbers are computed here straight from the fixture JSON, without
mbxresults, so the parser is checked against an independent reading.
Usage: scripts_test.py [PlotTest|FutureNamesTest|HeadlineTest|CompareTest|BadInputTest]
"""
import copy
import json
import os
import re
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, "fixtures")
A = os.path.join(FIXTURES, "a.json")
B = os.path.join(FIXTURES, "b.json")
PY = "/usr/bin/python3"
PNG = b"\x89PNG\r\n\x1a\n"


def read(path):
    with open(path) as handle:
        return handle.read()


def run(script, *args):
    env = dict(os.environ, MPLCONFIGDIR=tempfile.mkdtemp(prefix="mbx-mpl-"))
    return subprocess.run([PY, os.path.join(ROOT, "scripts", script)] + list(args),
                          capture_output=True, text=True, env=env, timeout=120)


def medians(path):
    """run_name -> the median aggregate entry, read directly."""
    with open(path) as handle:
        data = json.load(handle)
    return {b["run_name"]: b for b in data["benchmarks"]
            if b.get("aggregate_name") == "median"}


def base_name(run_name):
    return "/".join(p for p in run_name.split("/")
                    if ":" not in p and p not in ("real_time", "manual_time"))


def threads_of(run_name):
    return int(re.search(r"/threads:(\d+)$", run_name).group(1))


def find(med, base, threads):
    """The run_name of base (a name without parameters) at threads, or None."""
    return next((n for n in med if base_name(n) == base and threads_of(n) == threads), None)


def markdown_table(text, heading):
    """The rows (lists of cells) of the first table after '## heading'."""
    section = text.split("## " + heading + "\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("## "):
            break
        if line.startswith("|") and not line.startswith("| ---") and "---" not in line:
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows[0], rows[1:]


def close(text, expected, digits):
    """A printed value equals expected rounded to `digits` (one unit of slack)."""
    if expected is None:
        return text == "-"
    return text != "-" and abs(float(text) - expected) <= 1.01 * 10 ** -digits


class Plotted:
    """Runs scripts/plot once per test class into a temporary directory."""

    @classmethod
    def plot(cls, result):
        cls.tmp = tempfile.TemporaryDirectory(prefix="mbx-plot-")
        cls.out = os.path.join(cls.tmp.name, "out")
        cls.proc = run("plot.py", result, "--out", cls.out)
        if cls.proc.returncode != 0:
            raise AssertionError("plot failed:\n%s%s" % (cls.proc.stdout, cls.proc.stderr))
        with open(os.path.join(cls.out, "summary.md")) as handle:
            cls.summary = handle.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_png(self, name):
        path = os.path.join(self.out, name)
        self.assertTrue(os.path.exists(path), "%s not written; have %s"
                        % (name, sorted(os.listdir(self.out))))
        with open(path, "rb") as handle:
            data = handle.read()
        self.assertTrue(data.startswith(PNG), "%s is not a PNG" % name)
        self.assertGreater(len(data), 5000, "%s is nearly empty" % name)


class PlotTest(Plotted, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.plot(A)
        cls.med = medians(A)

    def test_every_plot_is_a_png(self):
        scenarios = set()
        for run_name in self.med:
            parts = base_name(run_name).split("/")
            if parts[0] in ("enqueue", "enqueue_inline"):
                scenarios.add(parts[0] + "-" + parts[3])
            elif parts[0] == "e2e":
                scenarios.add("e2e")
        self.assertTrue(scenarios, "the fixture has no enqueue or e2e rows")
        for scenario in scenarios:
            self.assert_png("throughput-%s.png" % scenario)
            self.assert_png("nsop-1thread-%s.png" % scenario)
        self.assert_png("wake-latency.png")
        grow = any(n.startswith("grow/") for n in self.med)
        if grow:  # throughput per base in growth.png, ns/op bars like the others
            self.assert_png("growth.png")
            self.assert_png("nsop-1thread-grow.png")
        pngs = [n for n in os.listdir(self.out) if n.endswith(".png")]
        self.assertEqual(len(pngs), 2 * len(scenarios) + 1 + 2 * grow, pngs)
        if not grow:
            self.assertIn("growth plot skipped", self.summary)
        self.assertIn("PNGs and summary.md", self.proc.stdout)

    def test_summary_ratios_match_the_fixture(self):
        header, rows = markdown_table(self.summary, "Throughput")
        self.assertEqual(header, ["scenario", "variant", "wake", "threads", "Mops/s", "ns/op",
                                  "/floor", "/seed", "cv%", "notes"])
        nsop = {}
        for run_name, b in self.med.items():
            if "items_per_second" in b and "p50_ns" not in b:
                nsop[run_name] = 1e9 / b["items_per_second"]  # wall time per item
        self.assertEqual(len(rows), len(nsop), "every throughput row in the table")
        seen = set()
        for scenario, variant, wake, threads, mops, ns, floor, seed, cv, notes in rows:
            parts = scenario.split("/")  # e.g. enqueue/awake, peer/e2e, grow
            base = "/".join([parts[0]] + [n for n in (variant, wake) if n != "-"] + parts[1:])
            name = find(self.med, base, int(threads))
            self.assertIn(name, nsop, "summary row %s not in the fixture" % base)
            seen.add(name)
            b = self.med[name]
            # producer-only rows divide by a producers-only floor, e2e rows by
            # floor/consumer (same threads); grow and the floors themselves by none
            # (enqueue rows: the reference's own enqueue inline first, when the run has it)
            enqueue = scenario.split("/")[0] in ("enqueue", "enqueue_inline",
                                                 "enqueue_unquiesced")
            reference = find(self.med, "floor/reference_path", int(threads))
            shape = ("floor/reference_path" if enqueue and reference
                     else "floor" if enqueue or scenario == "peer/enqueue"
                     else "floor/consumer" if scenario in ("e2e", "peer/e2e") else None)
            floor_ns = nsop.get(find(self.med, shape, int(threads))) if shape else None
            seed_name = find(self.med, base.replace("/%s/" % variant, "/seed/", 1),
                             int(threads)) if variant != "-" else None
            seed_ns = nsop.get(seed_name)
            self.assertTrue(close(mops, b["items_per_second"] / 1e6, 2), (name, mops))
            self.assertTrue(close(ns, nsop[name], 1), (name, ns))
            self.assertTrue(close(floor, nsop[name] / floor_ns if floor_ns else None, 2),
                            (name, floor))
            self.assertTrue(close(seed, nsop[name] / seed_ns if seed_ns else None, 2),
                            (name, seed))
            cv_entry = next(e for e in json.loads(read(A))["benchmarks"]
                            if e["name"] == name + "_cv")
            self.assertTrue(close(cv, cv_entry["items_per_second"] * 100, 1), (name, cv))
            if cv_entry["items_per_second"] > 0.10:
                self.assertTrue("cv>10%" in notes or "bistable" in notes, (name, notes))
            else:
                self.assertNotIn("cv>10%", notes)
            self.assertEqual("oversubscribed" in notes, b.get("oversubscribed", 0) >= 0.5,
                             (name, notes))
            self.assertEqual("overwrites" in notes, b.get("overwrites", 0) >= 0.5,
                             (name, notes))
        self.assertEqual(seen, set(nsop))
        self.assertIn("no floor of their shape", self.summary)
        self.assertTrue(any("overwrites" in r[9] for r in rows), "e2e/seed is marked")
        # the fixture has both sides of a /seed ratio that is not 1
        self.assertTrue(any(r[7] not in ("-", "1.00") for r in rows), rows)

    def test_placement_table_names_each_thread(self):
        header, rows = markdown_table(self.summary, "Placement")
        self.assertEqual(header[4], "CPUs")
        e2e = [r for r in rows if r[0] == "e2e"]
        self.assertTrue(e2e, rows)
        for row in e2e:  # every producer and the consumer, by the CPU it ran on
            self.assertEqual(row[4].count(", ") + 1, int(row[3]) + 1, row)
            self.assertIn("helper ", row[4])
        self.assertNotIn("cpu_p0", self.summary.split("## Counters")[1])

    def test_latency_table_matches_the_fixture(self):
        header, rows = markdown_table(self.summary, "Wake latency")
        latency = {n: b for n, b in self.med.items() if "p50_ns" in b}
        reference_col = header.index("reference")
        self.assertEqual(len(rows), len(latency))
        p50 = header.index("p50 ns")
        ratio = header.index("p50 /pingpong")
        for row in rows:
            name = next(n for n in latency
                        if base_name(n).split("/")[1:] == [c for c in row[:2] if c != "-"])
            self.assertTrue(close(row[p50], latency[name]["p50_ns"], 0), row)
            # each row against the ping-pong of its flavour, named in its row
            reference = next(b for n, b in latency
                             .items() if base_name(n) == "wake_latency/" + row[reference_col])
            self.assertTrue(close(row[ratio], latency[name]["p50_ns"] / reference["p50_ns"], 2),
                            row)

    def test_hazard_table_from_the_hazards_file(self):
        with open(os.path.join(FIXTURES, "a.hazards.json")) as handle:
            hazards = json.load(handle)
        header, rows = markdown_table(self.summary, "Hazards")
        self.assertEqual(header, list(hazards[0].keys()))
        self.assertEqual(len(rows), len(hazards))
        for row, h in zip(rows, hazards):
            self.assertEqual(row[header.index("lost")], str(h["lost"]))

    def test_machine_and_commit_named(self):
        with open(A) as handle:
            context = json.load(handle)["context"]
        self.assertIn(context["host_name"], self.summary)
        self.assertIn(context["kernel"], self.summary)
        self.assertIn(context["mbx_commit"], self.summary)

    def test_bench_summary_text(self):
        proc = run("mbxresults.py", "summary", A)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertTrue(lines[0].split()[:4] == ["scenario", "variant", "wake", "thr"])
        self.assertTrue(any(line.startswith("floor") for line in lines))
        self.assertTrue(any(line.startswith("wake_latency") for line in lines))


def future_names(path):
    """The fixture with rows the binary does not have yet (cloned from its own
    rows, so the numbers are real): grow/ and peer/ rows, wake_latency with a
    variant, a variant no script knows, and an errored benchmark."""
    with open(path) as handle:
        data = json.load(handle)
    entries = data["benchmarks"]
    families = {e["run_name"].split("/")[0] for e in entries}
    added = []

    def clone(prefix, old, new):
        for e in entries:
            if e["run_name"].startswith(prefix):
                c = copy.deepcopy(e)
                for key in ("name", "run_name"):
                    c[key] = c[key].replace(old, new, 1)
                added.append(c)

    if "grow" not in families:
        clone("enqueue/seed/spin/awake/", "enqueue/seed/spin/awake/", "grow/atomic/spin/")
        clone("enqueue/sequenced/spin/awake/", "enqueue/sequenced/spin/awake/",
              "grow/rcu_memb/spin/")
    if "peer" not in families:
        clone("enqueue/seed/spin/awake/", "enqueue/seed/spin/awake/", "peer/ck_ring/enqueue/")
        clone("e2e/seed/spin/", "e2e/seed/spin/", "peer/wfcqueue/e2e/")
    clone("enqueue/sequenced/", "enqueue/sequenced/", "enqueue/brand_new/")
    for e in entries:  # the older wake_latency/<wake>: give it a variant
        parts = base_name(e["run_name"]).split("/")
        if parts[0] == "wake_latency" and len(parts) == 2 and parts[1] != "futex_pingpong":
            for variant in ("seed", "sequenced"):
                c = copy.deepcopy(e)
                for key in ("name", "run_name"):
                    c[key] = c[key].replace("wake_latency/", "wake_latency/%s/" % variant, 1)
                added.append(c)
            e["drop"] = True
    entries = [e for e in entries if not e.get("drop")] + added
    entries.append({"name": "enqueue/seed/spin/awake/real_time/threads:4",
                    "run_name": "enqueue/seed/spin/awake/real_time/threads:4",
                    "run_type": "iteration", "repetitions": 2, "repetition_index": 0,
                    "threads": 4, "iterations": 0, "real_time": 0, "cpu_time": 0,
                    "time_unit": "ns", "error_occurred": True,
                    "error_message": "hwloc bind failed"})
    data["benchmarks"] = entries
    return data


class FutureNamesTest(Plotted, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.src = tempfile.TemporaryDirectory(prefix="mbx-future-")
        path = os.path.join(cls.src.name, "future.json")
        with open(path, "w") as handle:
            json.dump(future_names(A), handle)
        cls.plot(path)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.src.cleanup()

    def test_growth_and_peers_plotted(self):
        self.assert_png("growth.png")
        self.assert_png("wake-latency.png")
        self.assertNotIn("growth plot skipped", self.summary)
        _, rows = markdown_table(self.summary, "Throughput")
        scenarios = {(r[0], r[1]) for r in rows}
        self.assertIn(("grow", "atomic"), scenarios)
        self.assertIn(("grow", "rcu_memb"), scenarios)
        self.assertIn(("peer/enqueue", "ck_ring"), scenarios)
        self.assertIn(("peer/e2e", "wfcqueue"), scenarios)

    def test_a_new_variant_appears(self):
        _, rows = markdown_table(self.summary, "Throughput")
        self.assertTrue(any(r[1] == "brand_new" and r[7] not in ("-", "") for r in rows))
        self.assert_png("throughput-enqueue-awake.png")

    def test_latency_with_variants(self):
        _, rows = markdown_table(self.summary, "Wake latency")
        self.assertTrue({"seed", "sequenced"} <= {r[0] for r in rows}, rows)

    def test_errors_listed(self):
        self.assertIn("enqueue/seed/spin/awake/real_time/threads:4", self.summary.split(
            "## Errors")[1])
        self.assertIn("hwloc bind failed", self.summary)
        self.assertIn("hwloc bind failed", self.proc.stdout)


class HeadlineTest(unittest.TestCase):
    """scripts/headline: the README's tables, from the fixture."""

    def test_tables_quote_the_fixture(self):
        proc = run("headline.py", A)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        med = medians(A)
        floor = med[find(med, "floor", 1)]
        floor_ns = 1e9 / floor["items_per_second"]
        row = re.search(r"^\| floor \(fetch_add \+ store\) \| ([0-9.]+) \|", proc.stdout, re.M)
        self.assertIsNotNone(row, proc.stdout)
        self.assertTrue(close(row.group(1), floor_ns, 1), (row.group(1), floor_ns))
        seed = med[find(med, "enqueue/seed/spin/awake", 1)]
        row = re.search(r"^\| mailbox `seed`, producers only \(spin\) \| ([0-9.]+) \|",
                        proc.stdout, re.M)
        self.assertTrue(close(row.group(1), 1e9 / seed["items_per_second"], 1), row.group(1))
        for heading in ("urcu against seed", "grow/<base>/<wake>", "wake latency p50"):
            self.assertIn(heading, proc.stdout)

    def test_bad_input(self):
        proc = run("headline.py", os.path.join(FIXTURES, "no-such.json"))
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("headline:", proc.stderr)


class CompareTest(unittest.TestCase):
    def test_compare_prints_context_differences_and_the_table(self):
        proc = run("compare.py", "--aggregates", "median,cv", A, B)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        out = proc.stdout
        self.assertIn("context differences", out)
        placement = re.search(r"mbx_placement\s+A: (\S+)\n\s+B: (\S+)", out)
        self.assertIsNotNone(placement, out)
        self.assertEqual(placement.groups(), ("compact", "scatter"))
        self.assertIn("only in A", out)  # wake_latency is not in b.json
        self.assertIn("Comparing %s to %s" % (A, B), out)  # compare.py's own table
        # names without google-benchmark's parameters, so renamed parameters still pair
        self.assertRegex(out, r"floor/threads:1_median\s+[-+]\d")
        self.assertRegex(out, r"floor/threads:1_cv\s+[-+]\d")
        self.assertNotIn("_mean ", out)  # only the aggregates asked for
        # which headline ratios moved, and by how much
        moved = re.search(r"headline ratios \(ns/op over ns/op\): (\d+) of (\d+) moved", out)
        self.assertIsNotNone(moved, out)
        self.assertGreater(int(moved.group(2)), 0)
        self.assertIn("enqueue spin 1p: sequenced / seed", out)


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="mbx-bad-")
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as handle:
            handle.write(text)
        return path

    def fails(self, proc, message):
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertIn(message, proc.stderr)

    def test_plot_bad_input(self):
        missing = os.path.join(self.tmp.name, "missing.json")
        self.fails(run("plot.py", missing), "missing.json: no such file")
        self.fails(run("plot.py", self.write("text.json", "not json\n")), "not JSON")
        self.fails(run("plot.py", self.write("obj.json", "{}")), "not a google-benchmark result")
        self.fails(run("plot.py", self.write("empty.json", '{"context": {}, "benchmarks": []}')),
                   "no benchmarks")
        self.fails(run("plot.py", self.tmp.name), "is a directory")
        self.fails(run("plot.py"), "give one RESULT.json")
        result = self.write("r.json", read(A))
        self.write("r.hazards.json", "[1, 2]")
        self.fails(run("plot.py", result), "not a hazard table")

    def test_compare_bad_input(self):
        self.fails(run("compare.py", A, os.path.join(self.tmp.name, "missing.json")),
                   "no such file")
        self.fails(run("compare.py", A, self.write("text.json", "[")), "not JSON")
        self.fails(run("compare.py", "--aggregates", "nope", A, B), "no nope aggregates")

    def test_finalize_never_overwrites(self):
        existing = self.write("existing.json", "keep")
        self.fails(run("mbxresults.py", "finalize", A, existing), "never overwritten")
        self.assertEqual(read(existing), "keep")

    def test_help(self):
        for script in ("plot.py", "compare.py", "headline.py", "mbxresults.py"):
            proc = run(script, "--help")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("usage", proc.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
