#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot logs side by side, lines that correspond on one row.

usage: sidebyside.py WIDTH TITLE=LOG TITLE=LOG [TITLE=LOG ...]

No output line is wider than WIDTH: a line longer than its column goes
on in the same column on the rows below (the marker on its first row
only).  Lines are matched by their text with every number taken out (so that
"ns=123" and "ns=456" line up); the first log is aligned with the second,
their rows with the third, and so on.  The marker column says "=" when
every column holds the same text, "|" when the texts differ, " " when a
line is missing in some column.
"""
import difflib
import re
import sys
import textwrap

NUMBER = re.compile(r"0x[0-9a-f]+|\d+")


def key(line):
    return NUMBER.sub("#", line) if line is not None else None


def align(rows, new, width):
    """rows: lists of width columns; new: lines. Rows with one more column."""
    left = [next((c for c in reversed(r) if c is not None), None) for r in rows]
    sm = difflib.SequenceMatcher(None, [key(x) for x in left], [key(x) for x in new],
                                 autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or op == "replace":
            n = max(i2 - i1, j2 - j1)
            for k in range(n):
                r = rows[i1 + k] if i1 + k < i2 else [None] * width
                c = new[j1 + k] if j1 + k < j2 else None
                out.append(r + [c])
        elif op == "delete":
            out.extend(r + [None] for r in rows[i1:i2])
        else:
            out.extend([None] * width + [c] for c in new[j1:j2])
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    total = int(sys.argv[1])
    titles, logs = [], []
    for arg in sys.argv[2:]:
        title, path = arg.split("=", 1)
        titles.append(title)
        with open(path, errors="replace") as f:
            logs.append([ln.rstrip() for ln in f.read().splitlines() if ln.strip()])
    rows = [[x] for x in logs[0]]
    for n, log in enumerate(logs[1:], start=1):
        rows = align(rows, log, n)
    col = (total - 2 - (len(logs) - 1)) // len(logs)
    if col < 10:
        sys.exit(f"sidebyside: {total} columns are too few for {len(logs)} logs")
    print(("  " + " ".join(t[:col].ljust(col) for t in titles)).rstrip())
    print("-" * total)
    for r in rows:
        present = [c for c in r if c is not None]
        mark = " " if len(present) < len(r) else "=" if len(set(present)) == 1 else "|"
        cells = [textwrap.wrap(c, col, subsequent_indent="  ", break_on_hyphens=False)
                 if c else [""] for c in r]
        for i in range(max(len(c) for c in cells)):
            text = " ".join((c[i] if i < len(c) else "").ljust(col) for c in cells)
            print(((mark if i == 0 else " ") + " " + text).rstrip())


if __name__ == "__main__":
    main()
