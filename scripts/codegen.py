# SPDX-License-Identifier: MIT
"""The codegen table: the ordering instructions each enqueue and guest step
compiles to on x86-64, aarch64, riscv64 and ppc64le.

Compiles ring/overwriting.c, ring/sequenced.c, ring/mailbox.c and sim/guest.c (and, for
x86-64 only, ring/urcu/urcu_variant.c and ring/urcu/wfcq.c) with Debian's gcc
for each ISA, disassembles the objects with the matching objdump, and lists,
per function, the ordering instructions in address order and the function's
instruction count. The (variant, wake) functions are the static
mbx__enqueue_<variant>_<wake>[_at] of <mbx/wake/enqueues.h>; the variant and wake orders are
read from ring/variant.c and <mbx/wake/enqueues.h>, so a new row appears by itself.

  scripts/codegen            print the Markdown table
  scripts/codegen --json     print the JSON
  scripts/codegen --write    regenerate results/codegen/ and the excerpt in docs/verification.md
  scripts/codegen --check    regenerate into a temporary directory; exit 1 with
                             a diff when the committed files drift, 77 (skip)
                             when a compiler, liburcu's headers or the
                             committed compiler versions are missing or differ

The table records the last commit that changed ring/, sim/ or include/ (--check
ignores that line): commit a change to the ring first, then --write, so the
record names the sources that were compiled.
"""
import argparse
import concurrent.futures
import dataclasses
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mdtable  # noqa: E402  (the one Markdown table writer)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "results", "codegen")
MD_NAME = "codegen.md"
JSON_NAME = "codegen.json"
README = os.path.join(ROOT, "docs", "verification.md")  # the page that shows the excerpt
README_BEGIN = "<!-- generated:codegen (scripts/codegen --write) -->"
README_END = "<!-- /generated:codegen -->"
SKIP = 77

# The library's own flags for these files (CMakeLists.txt: C11, PIC, _GNU_SOURCE),
# at -O2 -DNDEBUG.
FLAGS = ["-std=c11", "-O2", "-DNDEBUG", "-fPIC", "-D_GNU_SOURCE", "-Iinclude", "-Iring"]
# Every (variant, wake) function of ring/variant.c's table must come from one of these.
SOURCES = ["ring/overwriting.c", "ring/sequenced.c", "ring/announced.c", "ring/mailbox.c", "sim/guest.c",
           "ring/inline.c"]  # those that exist: ring/inline.c comes with <mbx/inline.h>
URCU_SOURCES = ["ring/urcu/urcu_variant.c", "ring/urcu/wfcq.c"]
# The directories whose last commit the table records.
INPUT_DIRS = ["ring", "sim", "include"]
# The public entry every enqueue passes (ring/mailbox.c), the guest's steps
# (sim/guest_steps.h), the drain that runs them and the wait (sim/guest.c; one
# function serves both guests). Those the compiler inlined everywhere are left out.
OTHER_FUNCTIONS = ["mbx_enqueue", "mbx_guest_drain", "mbx__guest_begin", "mbx__guest_take",
                   "mbx__guest_finish", "mbx_guest_wait", "mbx__guest_wait_announced"]
# The (variant, wake) function's name: ring/wake.h's template, or the _at form
# when the rows point at inline functions.
ENQUEUE_NAMES = ["mbx__enqueue_{variant}_{wake}", "mbx__enqueue_{variant}_{wake}_at"]
# The inline enqueue an embedder calls (<mbx/inline.h>), when the tree has one.
INLINE_NAME = "mbx_enqueue_{variant}_{wake}"
# Relocations of a call or tail call: the callee's name.
CALL_RELOCS = {"R_X86_64_PLT32", "R_AARCH64_CALL26", "R_AARCH64_JUMP26",
               "R_RISCV_CALL", "R_RISCV_CALL_PLT", "R_PPC64_REL24", "R_PPC64_REL24_NOTOC"}
CALL_MNEMONICS = {"call", "jmp", "bl", "b", "tail", "jal", "jalr", "auipc"}


@dataclasses.dataclass(frozen=True)
class Isa:
    name: str
    cc: str
    objdump: str
    extra: tuple
    urcu: bool
    note: str
    ordering: "re.Pattern"  # matches a normalised instruction that orders memory


def cross(name, triple, note, ordering, extra=()):
    """An ISA Debian's cross toolchain builds: <triple>-gcc and <triple>-objdump, no liburcu."""
    return Isa(name, triple + "-gcc", triple + "-objdump", extra, False, note, ordering)


AARCH64_ORDERING = re.compile(
    r"^(bl __aarch64_\S+|ld[a]?xr\S*|st[l]?xr\S*|ldar\S*|ldapr\S*|stlr\S*|dmb \S+|dsb \S+|isb|"
    r"ld(add|clr|eor|set|smax|smin|umax|umin)\S*|swp\S*|cas\S*)$")
ISAS = [
    Isa("x86-64", "gcc", "objdump", (), True,
        "TSO: plain loads and stores already acquire and release; only locked RMWs, "
        "xchg with memory and fences order more",
        re.compile(r"^(lock \S+|xchg|mfence|lfence|sfence)$")),
    cross("aarch64", "aarch64-linux-gnu",
          "Debian's default (armv8-a, -moutline-atomics): each RMW is a call to libgcc's "
          "__aarch64_<op><size>_<order>, which runs the LSE instruction when the CPU has it, "
          "else an ldaxr/stlxr loop", AARCH64_ORDERING),
    cross("aarch64-lse", "aarch64-linux-gnu", "the RMWs inline as LSE instructions",
          AARCH64_ORDERING, ("-march=armv8.1-a",)),
    cross("riscv64", "riscv64-linux-gnu",
          "rv64gc (Debian's default); gcc 12 writes every atomic store, relaxed ones too, as "
          "amoswap.w, and an acquire or release as a fence beside it",
          re.compile(r"^(fence\S*( \S+)?|lr\.\S+|sc\.\S+|amo\S+)$")),
    cross("ppc64le", "powerpc64le-linux-gnu",
          "POWER8 (Debian's default); hwsync is sync; an acquire load is a load, a compare, "
          "a branch never taken and isync",
          re.compile(r"^(sync|hwsync|lwsync|isync|eieio|l[bhwd]arx|st[bhwd]cx\.)$")),
]


class Skip(Exception):
    """A tool or header this needs is missing: CTest reports the test skipped."""


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT, **kwargs).stdout


def first_line(argv):
    return run(argv).splitlines()[0].strip()


def table_order():
    """Variant names in ring/variant.c's table order, wake names in MBX__WAKES order."""
    with open(os.path.join(ROOT, "ring", "variant.c")) as f:
        variants = re.findall(r"&mbx__variant_(\w+)", f.read())
    with open(os.path.join(ROOT, "include", "mbx", "wake", "enqueues.h")) as f:
        text = f.read()
    wakes = re.findall(r"X\(arg, (\w+), [A-Z_]+,", text[text.index("#define MBX__WAKES"):])
    if not variants or not wakes:
        raise SystemExit("codegen: cannot read the variant table or MBX__WAKES")
    return variants, wakes


def normalise(isa, mnemonic, operands):
    """The instruction as the table prints it: mnemonic, plus what tells its strength."""
    if isa.name == "x86-64":
        if mnemonic.startswith("lock"):
            parts = (mnemonic + " " + operands).split()
            return "lock " + re.sub(r"[bwlq]$", "", parts[1]) if parts[1] != "cmpxchg" \
                else "lock cmpxchg"
        if mnemonic == "xchg":
            return "xchg" if "(" in operands else "xchg-reg"
        return mnemonic
    if mnemonic == "fence":  # objdump prints the full fence iorw,iorw as a bare "fence"
        return "fence " + (operands.split()[0] if operands else "iorw,iorw")
    if mnemonic in ("dmb", "dsb"):
        return mnemonic + " " + operands.split()[0]
    return mnemonic


def disassemble(isa, obj):
    """{function: {"ordering": [...], "calls": [...], "instructions": n}} for one object."""
    sizes = {}
    for line in run([isa.objdump, "-t", obj]).splitlines():
        m = re.match(r"^([0-9a-f]+) .{6}F \S+\s+([0-9a-f]+) (?:0x[0-9a-f]+ )?(?:\.hidden )?(\S+)$", line)
        if m:
            sizes[m.group(3)] = (int(m.group(1), 16), int(m.group(2), 16))
    functions, current = {}, None
    for line in run([isa.objdump, "-dr", "--no-show-raw-insn", obj]).splitlines():
        m = re.match(r"^[0-9a-f]+ <(\S+)>:$", line)
        if m:
            if m.group(1) in sizes:  # else a local label (riscv64 keeps them for relaxation)
                name = m.group(1)
                current = functions.setdefault(name, {"ordering": [], "calls": [],
                                                      "instructions": 0})
            continue
        if current is None:
            continue
        start, size = sizes[name]
        m = re.match(r"^\s*([0-9a-f]+):\s+(R_\S+)\s+(\S+)$", line)
        if m:
            address, kind, symbol = int(m.group(1), 16), m.group(2), m.group(3)
            symbol = re.sub(r"[-+]0x[0-9a-f]+$", "", symbol)
            if kind in CALL_RELOCS and start <= address < start + size and symbol != name:
                call = ("bl " + symbol) if symbol.startswith("__aarch64_") else None
                if call and isa.ordering.match(call):
                    current["ordering"].append(call)
                elif not symbol.startswith("."):
                    current["calls"].append(symbol)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\t(\S+)(?:\s+(.*))?$", line)
        if not m or m.group(2).startswith("."):
            continue  # data in the text (ppc64le's traceback table)
        address = int(m.group(1), 16)
        if not start <= address < start + size:
            continue
        mnemonic, operands = m.group(2), (m.group(3) or "").strip()
        if mnemonic in ("lock", "rep", "repz", "repnz", "notrack", "bnd") and operands:
            mnemonic, _, operands = (mnemonic + " " + operands).partition(" ")
            mnemonic = mnemonic + " " + operands.split()[0]
            operands = operands.partition(" ")[2]
        current["instructions"] += 1
        insn = normalise(isa, mnemonic, operands)
        if isa.ordering.match(insn):
            current["ordering"].append(insn)
        if mnemonic.split()[0] in CALL_MNEMONICS:
            # A call to a static function of the same object has no relocation.
            t = re.search(r"<([A-Za-z_][\w.]*)>$", operands)
            if t and t.group(1) in sizes and t.group(1) != name:
                current["calls"].append(t.group(1))
    for row in functions.values():
        row["calls"] = list(dict.fromkeys(row["calls"]))  # each callee once, first call first
    return functions


def build(isa, tmp):
    """Compiles and disassembles the sources for one ISA: {function: row}."""
    sources = [s for s in SOURCES if os.path.exists(os.path.join(ROOT, s))]
    sources += URCU_SOURCES if isa.urcu else []
    functions = {}
    for source in sources:
        obj = os.path.join(tmp, isa.name + "-" + os.path.basename(source) + ".o")
        defines = ["-DMBX_HAVE_URCU=1"] if source in URCU_SOURCES else []
        try:
            run([isa.cc, *FLAGS, *isa.extra, *defines, "-c", source, "-o", obj])
        except subprocess.CalledProcessError as e:
            if source in URCU_SOURCES and "urcu" in e.stderr and "No such file" in e.stderr:
                raise Skip("liburcu's headers are missing (apt-get install liburcu-dev)")
            raise SystemExit(f"codegen: {isa.cc} failed on {source}:\n{e.stderr}")
        functions.update(disassemble(isa, obj))
    return functions


def versions(isa):
    for tool in (isa.cc, isa.objdump):
        if not shutil.which(tool):
            raise Skip(f"{tool} is missing (scripts/install-deps installs the cross compilers)")
    return {"compiler": first_line([isa.cc, "--version"]),
            "objdump": first_line([isa.objdump, "--version"])}


def sources_commit():
    """The last commit that changed the inputs, and whether they have local changes."""
    try:
        commit = run(["git", "log", "-1", "--format=%h", "--", *INPUT_DIRS]).strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", *INPUT_DIRS],
                               cwd=ROOT, capture_output=True).returncode != 0
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"
    return commit + (" + uncommitted changes" if dirty else "")


def generate():
    """The whole table as a JSON-ready dict."""
    variants, wakes = table_order()
    tools = {isa.name: versions(isa) for isa in ISAS}
    with tempfile.TemporaryDirectory(prefix="mbx-codegen-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            built = dict(zip([isa.name for isa in ISAS],
                             pool.map(lambda isa: build(isa, tmp), ISAS)))
    enqueue, missing = [], []
    for variant in variants:
        for wake in wakes:
            names = [form.format(variant=variant, wake=wake) for form in ENQUEUE_NAMES]
            name = next((n for n in names if any(n in built[isa] for isa in built)), None)
            if name:
                cells = {isa: built[isa][name] for isa in built if name in built[isa]}
                enqueue.append({"variant": variant, "wake": wake, "function": name, "isa": cells})
            else:
                missing.append(names[0])
    if missing:
        raise SystemExit("codegen: not found in any object: " + ", ".join(missing) +
                         " (a new variant's file belongs in SOURCES in scripts/codegen.py)")
    # <mbx/inline.h>'s embedder functions, where the tree has them (ring/inline.c's copies).
    inline = []
    for variant in variants:
        for wake in wakes:
            name = INLINE_NAME.format(variant=variant, wake=wake)
            cells = {isa: built[isa][name] for isa in built if name in built[isa]}
            if cells:
                inline.append({"variant": variant, "wake": wake, "function": name, "isa": cells})
    other = []
    for name in OTHER_FUNCTIONS:
        cells = {isa: built[isa][name] for isa in built if name in built[isa]}
        if cells:
            other.append({"function": name, "isa": cells})
    return {
        "generator": "scripts/codegen",
        "sources_commit": sources_commit(),
        "flags": " ".join(FLAGS),
        "isas": [{"name": isa.name, "extra_flags": " ".join(isa.extra), "note": isa.note,
                  **tools[isa.name]} for isa in ISAS],
        "enqueue": enqueue,
        "inline": inline,
        "other": other,
    }


def cell(row):
    ordering = " ".join(row["ordering"]) or "—"
    return f"{ordering} ({row['instructions']})"


def calls_cell(cells):
    """The calls (system call, liburcu, ...), once when every ISA makes the same."""
    per_isa = {isa: ", ".join(sorted(row["calls"])) or "—" for isa, row in cells.items()}
    if len(set(per_isa.values())) == 1:
        return next(iter(per_isa.values()))
    return "; ".join(f"{isa}: {calls}" for isa, calls in per_isa.items())


def enqueue_table(data, rows, calls=True):
    names = [isa["name"] for isa in data["isas"]]
    body = []
    for row in rows:
        cells = [f"`{row['variant']}`", f"`{row['wake']}`"]
        cells += [cell(row["isa"][isa]) if isa in row["isa"] else "not built" for isa in names]
        if calls:
            cells.append(calls_cell(row["isa"]))
        body.append(cells)
    return mdtable.lines(["variant", "wake"] + names + (["calls"] if calls else []), body)


def markdown(data):
    names = [isa["name"] for isa in data["isas"]]
    out = [
        "<!-- SPDX-License-Identifier: MIT -->",
        "# The ordering instructions of each enqueue and guest step, per ISA",
        "",
        "Generated by `scripts/codegen --write`; `scripts/codegen --check` (the CTest test",
        "`codegen_table_test`) fails when this file drifts from the sources. Do not edit.",
        "",
        f"Sources: {', '.join(d + '/' for d in INPUT_DIRS)} as of commit {data['sources_commit']}.",
        f"Flags: `{data['flags']}` (the library's flags at -O2), plus each ISA's below.",
        "",
    ]
    out += mdtable.lines(["ISA", "compiler", "objdump", "extra flags", "note"], [
        [isa["name"], isa["compiler"], isa["objdump"],
         f"`{isa['extra_flags']}`" if isa["extra_flags"] else "—", isa["note"]]
        for isa in data["isas"]])
    out += [
        "",
        "A cell lists the function's ordering instructions in address order, then in",
        "parentheses the number of all its instructions. The count covers the whole",
        "function: the branch that makes the wake's system call, `sequenced`'s full-ring",
        "exit and alignment padding included, so it bounds the hot path from above. The",
        "ordering instructions are: x86-64 lock-prefixed RMWs, `xchg` with memory,",
        "`mfence`/`lfence`/`sfence` (gcc 12 writes a seq_cst fence as `lock or $0,(%rsp)`); aarch64 load-acquire/store-release (`ldar`, `ldapr`,",
        "`stlr`), exclusives (`ldxr`/`ldaxr`, `stxr`/`stlxr`), LSE RMWs (`ldadd*`, `swp*`,",
        "`cas*`), barriers (`dmb`, `dsb`, `isb`) and calls to libgcc's outline atomics",
        "(`bl __aarch64_*`); riscv64 `fence*`, `lr.*`/`sc.*`, `amo*`; ppc64le `sync`/`hwsync`,",
        "`lwsync`, `isync`, `eieio`, `l[bhwd]arx`/`st[bhwd]cx.`. The `calls` column names",
        "the other direct calls (the wake's system call, the notify signal, liburcu), once",
        "when every ISA makes the same ones; indirect calls (`mbx_enqueue`'s call of the",
        "variant's function, the base policy's) are not listed.",
        "",
        "The `urcu` and `wfcq` rows are x86-64 only: the cross builds have no liburcu",
        "(`MBX_HAVE_URCU` undefined). `wfcq`'s own ordering (wfcqueue's `xchg`) is inside",
        "liburcu's `cds_wfcq_enqueue`, a call.",
        "",
        "## Enqueue: one function per (variant, wake)",
        "",
    ]
    out += enqueue_table(data, data["enqueue"])
    if data["inline"]:
        out += [
            "",
            "## The inline enqueue (`<mbx/inline.h>`)",
            "",
            "`mbx_enqueue_<variant>_<wake>`, what an embedder inlines into its hot path:",
            "`mbx_enqueue`'s checks on the fast view (the closed flag's acquire load, A-CLOSE)",
            "and the base's acquire load (A-BASE), then the same publish and wake as the",
            "row above. Disassembled from ring/inline.c's out-of-line copies of the same",
            "bodies.",
            "",
        ]
        out += enqueue_table(data, data["inline"])
    out += [
        "",
        "## The public entry and the guest's steps",
        "",
        "`mbx_enqueue` (ring/mailbox.c) is what every enqueue passes before its (variant,",
        "wake) function: the closed check and the base policy. The guest's steps are in",
        "sim/guest.c; one function serves both guests (`reference` and `corrected`), so",
        "each lists the instructions of both paths. `inlined`: no such function on that",
        "ISA, its code is in its caller's cell.",
        "",
    ]
    out += mdtable.lines(["function"] + names + ["calls"], [
        [f"`{row['function']}`"]
        + [cell(row["isa"][isa]) if isa in row["isa"] else "inlined" for isa in names]
        + [calls_cell(row["isa"])] for row in data["other"]])
    return "\n".join(out) + "\n"


def readme_section(data):
    """The excerpt docs/verification.md shows: the four overwriting variants and sequenced, waiter_aware."""
    key = [row for row in data["enqueue"]
           if row["wake"] == "waiter_aware"
           and row["variant"] in ("seed", "relaxed", "release", "seq_cst", "sequenced")]
    out = [
        README_BEGIN,
        "Each variant's enqueue with the `waiter_aware` wake on its awake path (the",
        "guest is not asleep: no system call, but always the seq_cst fence F-WAKE-HOST,",
        "which gcc writes `lock or $0,(%rsp)` on x86-64): the ordering instructions in",
        "address order, then in parentheses all the function's instructions, the",
        "system-call branch included. Every (variant, wake), the guest's steps, the",
        "compilers and what is counted are in",
        "[results/codegen/codegen.md](../results/codegen/codegen.md); `scripts/codegen",
        "--write` regenerates both, and `make test` fails when they drift.",
        "",
    ]
    out += enqueue_table(data, key, calls=False)
    out.append(README_END)
    return "\n".join(out) + "\n"


def replace_readme_section(text, section):
    if README_BEGIN in text and README_END in text:
        before = text[:text.index(README_BEGIN)]
        after = text[text.index(README_END) + len(README_END):].lstrip("\n")
        return before + section + "\n" + after
    raise SystemExit(f"codegen: docs/verification.md has no '{README_BEGIN}' ... '{README_END}' section")


def write(directory, data, readme_path):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, MD_NAME), "w") as f:
        f.write(markdown(data))
    with open(os.path.join(directory, JSON_NAME), "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(README) as f:
        readme = replace_readme_section(f.read(), readme_section(data))
    with open(readme_path, "w") as f:
        f.write(readme)


def without_commit(text):
    """The commit line is a record, not compared: it moves with every commit of ring/."""
    text = re.sub(r"^Sources: .* as of commit .*$", "Sources: (commit)", text,
                  flags=re.M)
    return re.sub(r'"sources_commit": "[^"]*"', '"sources_commit": "(commit)"', text)


def check():
    committed = os.path.join(OUT_DIR, JSON_NAME)
    if not os.path.exists(committed):
        print(f"codegen: {os.path.relpath(committed, ROOT)} is missing: run scripts/codegen --write")
        return 1
    with open(committed) as f:
        recorded = {isa["name"]: (isa["compiler"], isa["objdump"]) for isa in json.load(f)["isas"]}
    data = generate()
    current = {isa["name"]: (isa["compiler"], isa["objdump"]) for isa in data["isas"]}
    if recorded != current:
        changed = [f"{n}: {recorded.get(n)} -> {current.get(n)}"
                   for n in sorted(set(recorded) | set(current)) if recorded.get(n) != current.get(n)]
        raise Skip("these compilers differ from the committed table's, so it cannot be compared "
                   "(scripts/codegen --write regenerates it): " + "; ".join(changed))
    drift = 0
    with tempfile.TemporaryDirectory(prefix="mbx-codegen-check-") as tmp:
        fresh_readme = os.path.join(tmp, "README.md")
        write(tmp, data, fresh_readme)
        pairs = [(os.path.join(OUT_DIR, n), os.path.join(tmp, n)) for n in (MD_NAME, JSON_NAME)]
        pairs.append((README, fresh_readme))
        for old_path, new_path in pairs:
            with open(old_path) if os.path.exists(old_path) else open(os.devnull) as f:
                old = without_commit(f.read()).splitlines(keepends=True)
            with open(new_path) as f:
                new = without_commit(f.read()).splitlines(keepends=True)
            rel = os.path.relpath(old_path, ROOT)
            diff = list(difflib.unified_diff(old, new, "committed/" + rel, "regenerated/" + rel))
            if diff:
                drift += 1
                sys.stdout.writelines(diff)
    if drift:
        print(f"codegen: {drift} file(s) drifted from the sources: run scripts/codegen --write "
              "and commit the result")
        return 1
    print(f"codegen: results/codegen/ and the excerpt in docs/verification.md match the sources "
          f"({len(data['enqueue'])} enqueue functions, {len(data['other'])} other functions, "
          f"{len(data['isas'])} ISAs)")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="scripts/codegen", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true",
                      help="regenerate results/codegen/ and the excerpt in docs/verification.md")
    mode.add_argument("--check", action="store_true",
                      help="fail with a diff when the committed table drifts (77: skipped)")
    mode.add_argument("--json", action="store_true", help="print the JSON instead of Markdown")
    args = parser.parse_args(argv)
    try:
        if args.check:
            return check()
        data = generate()
    except Skip as e:
        print(f"skip codegen: {e}")  # the line scripts/test-matrix quotes for a skip
        return SKIP
    if args.write:
        write(OUT_DIR, data, README)
        print(f"codegen: wrote {os.path.relpath(OUT_DIR, ROOT)}/{{{MD_NAME},{JSON_NAME}}} "
              "and the excerpt in docs/verification.md")
    elif args.json:
        json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        sys.stdout.write(markdown(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
