#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""edges: the ordering edges the library's source declares, and their partners.

An edge is a labelled atomic access or fence: a comment that opens with the
label, e.g. `/* R-FLAG: pairs with A-FLAG in the corrected guest. */`, at the
access, or a line of a file's edge table (` *   R-FLAG  flag = 1 ...; pairs
with A-FLAG`). Labels are R-* (a release, or an RMW with a release half),
A-* (an acquire) and F-* (a fence). Every label must name at least one
partner, every partner must be a label that exists, and partnership must be
mutual: R-X names A-Y somewhere and A-Y names R-X somewhere.

No label may have two partners where it should have one -- the mark of a
copy-pasted label (a comment copied to a new access, its partner edited, its
own label not). Two rules say what that means:
  - kind: a release's partners are acquires (or fences), an acquire's are
    releases (or fences); an R- naming an R-, or an A- naming an A-, is wrong.
    (Several partners of the right kind are fine: R-FLAG is read by A-FLAG
    and A-SIGNAL.)
  - sites: a label may be declared at several sites (its file's edge table,
    each access, each variant with the same step), and a site may name no
    partner (R-SLOT where it is relaxed), but no two sites of one label may
    name disjoint partner lists: sites that share no partner are two edges
    under one name.
An edge-table line indented past the entry's label is that entry's
continuation, even when it opens with a partner label.

usage: scripts/edges.py [--check] [--root DIR]
"""
import argparse
import os
import re
import sys

LABEL = r"[RAF]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*"
# A comment or edge-table line that opens with a label: "/* R-X: ..." or " *   R-X  ...".
OPENING = re.compile(r"^\s*(?:/\*|\*)\s*(" + LABEL + r")(?::|\s+)\s*(.*)$")
MENTION = re.compile(r"\b(" + LABEL + r")\b")
SOURCE_DIRS = ("ring", "sim", "include")
SOURCE_EXTS = (".c", ".h")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parser_with_root(prog, doc):
    """The command line of a script that reads the repository (edges.py, docs.py):
    its description from the module's doc string, and --root DIR."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    parser.add_argument("--root", default=ROOT, help="the repository (default: this script's)")
    return parser


class Edge:
    def __init__(self, label):
        self.label = label
        self.sites = []      # (path, line)
        self.partners = set()
        self.site_partners = []  # one set per site, in the order of sites
        self.texts = []

    @property
    def kind(self):
        return {"R": "release", "A": "acquire", "F": "fence"}[self.label[0]]


def source_files(root):
    for top in SOURCE_DIRS:
        base = os.path.join(root, top)
        for directory, _, names in sorted(os.walk(base)):
            for name in sorted(names):
                if name.endswith(SOURCE_EXTS):
                    yield os.path.relpath(os.path.join(directory, name), root)


def starts_entry(line, column):
    """A line that opens a new label comment or edge-table entry: OPENING
    matches and its label is not indented past `column`, the label column of
    the entry being read (a continuation line may open with a partner label,
    ` *               A-BASE-RCU (rcu_dereference's role) ...`)."""
    match = OPENING.match(line)
    return bool(match) and match.start(1) <= column


def comment_text(lines, index):
    """The opening line of a label comment plus its continuation lines, until
    the comment ends or the next edge-table entry starts; and how many
    continuation lines it took."""
    text = [lines[index]]
    if "*/" in lines[index]:
        return " ".join(text), 0
    column = OPENING.match(lines[index]).start(1)
    for line in lines[index + 1:index + 8]:
        if starts_entry(line, column) or "*/" in line or not line.strip().startswith("*"):
            if "*/" in line and not starts_entry(line, column):
                text.append(line)
            break
        text.append(line)
    return " ".join(text), len(text) - 1


def collect(root):
    """label -> Edge, from every source file under ring/, sim/ and include/."""
    edges = {}
    for path in source_files(root):
        with open(os.path.join(root, path), encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        continued = -1  # the last line of the entry read so far
        for index, line in enumerate(lines):
            match = OPENING.match(line)
            if not match or index <= continued:
                continue
            label = match.group(1)
            text, extra = comment_text(lines, index)
            continued = index + extra
            edge = edges.setdefault(label, Edge(label))
            edge.sites.append((path, index + 1))
            body = text.split(label, 1)[1]
            named = {m for m in MENTION.findall(body) if m != label}
            edge.partners.update(named)
            edge.site_partners.append(named)
            edge.texts.append(re.sub(r"\s+", " ", match.group(2)).strip(" */"))
    return edges


def problems(edges):
    """What is wrong with the edge set: a list of sentences, empty when none."""
    out = []
    for label in sorted(edges):
        edge = edges[label]
        if not edge.partners:
            out.append("%s (%s:%d) names no partner label" % ((label,) + edge.sites[0]))
        for partner in sorted(edge.partners):
            if partner not in edges:
                out.append("%s names %s, which no source declares" % (label, partner))
            elif label not in edges[partner].partners:
                out.append("%s names %s, but %s never names %s back"
                           % (label, partner, partner, label))
            if label[0] in "RA" and partner[0] == label[0]:
                out.append("%s names %s, a partner of its own kind (%s)"
                           % (label, partner, edge.kind))
        for first in range(len(edge.sites)):
            for second in range(first + 1, len(edge.sites)):
                one, two = edge.site_partners[first], edge.site_partners[second]
                if one and two and not one & two:
                    out.append("%s is declared with two partner lists: %s at %s:%d, %s at %s:%d"
                               % ((label, ",".join(sorted(one))) + edge.sites[first]
                                  + (",".join(sorted(two)),) + edge.sites[second]))
    return out


def main(argv):
    parser = parser_with_root("scripts/edges.py", __doc__)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a label has no partner, names an unknown one, "
                             "is not named back, or has two (see above)")
    args = parser.parse_args(argv)
    edges = collect(args.root)
    if not edges:
        print("edges: no labelled edges under %s" % args.root, file=sys.stderr)
        return 1
    found = problems(edges)
    for label in sorted(edges):
        edge = edges[label]
        print("%-14s %-8s partners %-28s %d site(s)"
              % (label, edge.kind, ",".join(sorted(edge.partners)) or "-", len(edge.sites)))
    for line in found:
        print("edges: " + line, file=sys.stderr)
    return 1 if args.check and found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
