#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The hand-written pages hold what they claim (issue 16: a README a newcomer reads
in five minutes, which links to everything it dropped).

  LinksTest      every relative link and image of README.md, docs/*.md,
                 results/README.md and tests/*/README.md leads to a file of the tree,
                 and every #anchor to a heading of the page it names
  CodeTest       a fenced block right under `<!-- code: PATH -->` is PATH's text:
                 its lines stand in PATH in that order, contiguous except where the
                 block has a line `/* ... */` (what the page leaves out)
  ReadmeTest     the README is at most README_LINES lines, links every page of docs/,
                 names only paths that exist, and shows its code from the install
                 test's consumer

usage: docs_test.py [CLASS...] [--root DIR]   (the root: this file's ../..)
"""
import glob
import os
import re
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Issue 16: "about 150 lines"; the generated block grows with the run's peers.
README_LINES = 160

LINK = re.compile(r"!?\[[^\]]*\]\(([^()\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_MARKER = re.compile(r"^<!-- code: (\S+) -->$")
ELISION = "/* ... */"


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def pages(root):
    """The pages this test reads: the README, docs/, results/ and tests/*/ READMEs."""
    found = [os.path.join(root, "README.md"), os.path.join(root, "results", "README.md")]
    found += sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    found += sorted(glob.glob(os.path.join(root, "tests", "*", "README.md")))
    return [p for p in found if os.path.exists(p)]


def prose_lines(text):
    """(line number, line) outside fenced code blocks, with inline code spans blanked."""
    fenced = False
    for number, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, re.sub(r"`[^`]*`", "``", line)


def links(text):
    """(line number, target) of every Markdown link and image in the prose."""
    return [(number, target) for number, line in prose_lines(text)
            for target in LINK.findall(line)]


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def headings_raw(path):
    """The anchors of a page, read with its code spans kept (they are part of a heading)."""
    text = read(path)
    fenced, seen, out = False, {}, set()
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(1))
        out.add(base if base not in seen else "%s-%d" % (base, seen[base]))
        seen[base] = seen.get(base, 0) + 1
    return out


def broken_links(root, page):
    """What is wrong with a page's relative links, one line each."""
    text = read(page)
    where = os.path.relpath(page, root)
    out = []
    for number, target in links(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # http:, https:, mailto:: outside the tree
        path, _, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path \
            else page
        if not os.path.exists(resolved):
            out.append("%s:%d: %s: no such file" % (where, number, target))
        elif anchor and resolved.endswith(".md") and anchor not in headings_raw(resolved):
            out.append("%s:%d: %s: no heading with that anchor in %s"
                       % (where, number, target, os.path.relpath(resolved, root)))
        elif os.path.abspath(resolved) == os.path.abspath(root) or \
                not os.path.abspath(resolved).startswith(os.path.abspath(root) + os.sep):
            out.append("%s:%d: %s: outside the tree" % (where, number, target))
    return out


def code_blocks(text):
    """(line number, source path, block lines) of each fenced block under a code marker."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        marker = CODE_MARKER.match(line.strip())
        if not marker:
            continue
        if index + 1 >= len(lines) or not FENCE.match(lines[index + 1]):
            out.append((index + 1, marker.group(1), None))
            continue
        end = index + 2
        while end < len(lines) and not FENCE.match(lines[end]):
            end += 1
        out.append((index + 1, marker.group(1), lines[index + 2:end]))
    return out


def block_mismatch(block, source):
    """None when the block's pieces (split at elision lines) stand in source in order,
    each contiguous; else the first piece that does not, as text."""
    pieces, piece = [], []
    for line in block:
        if line.strip() == ELISION:
            pieces.append(piece)
            piece = []
        else:
            piece.append(line)
    pieces.append(piece)
    at = 0
    for piece in pieces:
        if not piece:
            continue
        found = None
        for start in range(at, len(source) - len(piece) + 1):
            if source[start:start + len(piece)] == piece:
                found = start
                break
        if found is None:
            return "\n".join(piece)
        at = found + len(piece)
    return None


def code_problems(root, page):
    text = read(page)
    where = os.path.relpath(page, root)
    out = []
    for number, path, block in code_blocks(text):
        source_path = os.path.join(root, path)
        if block is None:
            out.append("%s:%d: <!-- code: %s --> is not right above a fenced block"
                       % (where, number, path))
        elif not os.path.exists(source_path):
            out.append("%s:%d: %s: no such file" % (where, number, path))
        else:
            source = read(source_path).split("\n")
            missing = block_mismatch(block, source)
            if missing is not None:
                out.append("%s:%d: these lines are not in %s as shown:\n%s"
                           % (where, number, path, missing))
    return out


class LinksTest(unittest.TestCase):
    def test_every_relative_link_resolves(self):
        problems = [p for page in pages(ROOT) for p in broken_links(ROOT, page)]
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_a_broken_link_and_a_bad_anchor_are_found(self):
        """The checker itself: a missing file and a missing heading are reported."""
        import tempfile
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "docs"))
            with open(os.path.join(root, "docs", "a.md"), "w") as handle:
                handle.write("# A page: `x`, y\n\n## Twice\n\n## Twice\n")
            with open(os.path.join(root, "README.md"), "w") as handle:
                handle.write("[ok](docs/a.md) [ok](docs/a.md#a-page-x-y) "
                             "[ok](docs/a.md#twice-1) ![img](docs/gone.png)\n"
                             "[bad](docs/a.md#nope) `[code](not/checked.md)`\n"
                             "```\n[fenced](not/checked.md)\n```\n"
                             "[web](https://example.org/x)\n")
            problems = broken_links(root, os.path.join(root, "README.md"))
        self.assertEqual([p.split(": ", 2)[:2] for p in problems],
                         [["README.md:1", "docs/gone.png"], ["README.md:2", "docs/a.md#nope"]])


class CodeTest(unittest.TestCase):
    def test_marked_blocks_are_the_files_they_name(self):
        problems = [p for page in pages(ROOT) for p in code_problems(ROOT, page)]
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_a_changed_line_is_found(self):
        source = ["int main(void)", "{", "\tint a = 1;", "\tint b = 2;", "\treturn a + b;", "}"]
        self.assertIsNone(block_mismatch(["{", "\tint a = 1;", ELISION, "\treturn a + b;"],
                                         source))
        self.assertIsNotNone(block_mismatch(["\tint a = 1;", "\treturn a + b;"], source))
        self.assertIsNotNone(block_mismatch(["\treturn a + b;", ELISION, "\tint a = 1;"],
                                            source))
        self.assertIsNotNone(block_mismatch(["\tint a = 2;"], source))


class ReadmeTest(unittest.TestCase):
    def setUp(self):
        self.text = read(os.path.join(ROOT, "README.md"))

    def test_readme_is_short(self):
        lines = self.text.count("\n")
        self.assertLessEqual(lines, README_LINES,
                             "README.md has %d lines; move detail into docs/" % lines)

    def test_readme_links_every_docs_page(self):
        linked = {os.path.normpath(t.partition("#")[0]) for _, t in links(self.text)}
        pages_ = {os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "*.md"))}
        self.assertEqual(sorted(pages_ - linked), [])

    def test_readme_paths_exist(self):
        """A path the README names in code (`tests/install/example.c`, `ring/urcu/`) is there."""
        spans = re.findall(r"`([^`\s<>]+)`", self.text)
        paths = [p for p in spans if re.match(r"^(?:[\w.-]+/)+[\w.-]*$", p)
                 and not p.startswith("mbx/")]  # <mbx/...> is an include path
        self.assertIn("tests/install/example.c", paths)
        self.assertEqual([p for p in paths if not os.path.exists(os.path.join(ROOT, p))], [])

    def test_readme_code_is_the_install_tests_consumer(self):
        blocks = code_blocks(self.text)
        self.assertTrue(blocks, "README.md shows no code under <!-- code: PATH -->")
        self.assertIn("tests/install/example.c", [path for _, path, _ in blocks])
        fenced_c = len(re.findall(r"^```c$", self.text, re.M))
        self.assertEqual(fenced_c, len(blocks),
                         "every C block of README.md names the file it comes from")


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--root" in argv:
        at = argv.index("--root")
        ROOT = os.path.abspath(argv[at + 1])
        del argv[at:at + 2]
    unittest.main(argv=[sys.argv[0]] + argv, verbosity=1)
