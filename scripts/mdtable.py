# SPDX-License-Identifier: MIT
"""mdtable: the one Markdown table writer of scripts/ (docs.py, headline.py,
plot.py's summary.md, codegen.py). Standard library only.

    table(header, rows)                       every column left-aligned
    table(header, rows, right=RIGHT_BUT_FIRST) a label column, then numbers
    table(header, rows, right={2, 3})          the columns at those indices
    table(header, rows, right=NUMERIC)         the columns whose every cell is a number or "-"

Returns the lines joined with newlines, without a trailing one; lines() gives the list.
"""

# right= values that are not a set of column indices
RIGHT_BUT_FIRST = "all but the first"
NUMERIC = "numeric"


def is_number(cell):
    """A cell that reads as a number (or "-", a missing one): right-aligned under NUMERIC."""
    text = str(cell)
    return text == "-" or text.replace(".", "", 1).lstrip("-").isdigit()


def _right(header, rows, right):
    if right == RIGHT_BUT_FIRST:
        return set(range(1, len(header)))
    if right == NUMERIC:
        return {i for i in range(len(header)) if all(is_number(row[i]) for row in rows)}
    return set(right)


def lines(header, rows, right=()):
    """The table as a list of lines: header, alignment row, one line per row."""
    rows = [list(row) for row in rows]
    for row in rows:
        if len(row) != len(header):
            raise ValueError("mdtable: a row of %d cells under %d columns: %r"
                             % (len(row), len(header), row))
    aligned = _right(header, rows, right)
    out = ["| " + " | ".join(str(c) for c in header) + " |",
           "| " + " | ".join("---:" if i in aligned else "---" for i in range(len(header)))
           + " |"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def table(header, rows, right=()):
    """The table as one string (no trailing newline)."""
    return "\n".join(lines(header, rows, right))
