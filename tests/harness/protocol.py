# SPDX-License-Identifier: MIT
"""The pvkit result protocol, read from a console log.

Every boot prints, per self-test, detail lines ("pvkit:     ...") and then
"pvkit: test NAME PASS|FAIL|SKIP"; then "pvkit: backend=B cpus=N
tests=P/T" and "Test result: SUCCESS|FAILURE".  A log may hold several
boots (xl restore, a restart): `results()` splits it into one Result per
summary line, `parse()` gives the last.
"""
import dataclasses
import re

TEST_RE = re.compile(r"^pvkit: test (\S+)\s+(PASS|FAIL|SKIP)$")
DETAIL_RE = re.compile(r"^pvkit:     (.*)$")
SUMMARY_RE = re.compile(r"^pvkit: backend=(\S+) cpus=(\d+) tests=(\d+)/(\d+)$")
RESULT_RE = re.compile(r"^Test result: (SUCCESS|FAILURE)$")


@dataclasses.dataclass
class SelfTest:
    name: str
    status: str                 # PASS, FAIL or SKIP
    details: list               # the detail lines printed before it

    @property
    def reason(self):
        """Why it was skipped or failed (its detail lines)."""
        return "; ".join(d.removeprefix("skipped: ") for d in self.details)


@dataclasses.dataclass
class Result:
    tests: dict = dataclasses.field(default_factory=dict)   # name -> SelfTest
    backend: str = None
    cpus: int = None
    passed: int = None
    total: int = None
    verdict: str = None         # SUCCESS, FAILURE or None (no result line)
    lines: list = dataclasses.field(default_factory=list)

    def status(self, name):
        t = self.tests.get(name)
        return t.status if t else None

    def names(self, status=None):
        return sorted(n for n, t in self.tests.items() if status in (None, t.status))

    def has(self, pattern):
        """The first line matching the regular expression, or None."""
        rx = re.compile(pattern)
        return next((ln for ln in self.lines if rx.search(ln)), None)

    def all(self, pattern):
        rx = re.compile(pattern)
        return [ln for ln in self.lines if rx.search(ln)]


def clean_lines(text):
    """Lines without CR and the firmware's escape sequences."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[c()][0-9A-Za-z]?", "", text)
    return [ln.rstrip("\r") for ln in text.replace("\r\n", "\n").split("\n")]


def results(text):
    """One Result per boot in the log (the last one may lack its summary)."""
    out, cur, details = [], Result(), []
    for ln in clean_lines(text):
        cur.lines.append(ln)
        m = DETAIL_RE.match(ln)
        if m:
            details.append(m.group(1))
            continue
        m = TEST_RE.match(ln)
        if m:
            cur.tests[m.group(1)] = SelfTest(m.group(1), m.group(2), details)
            details = []
            continue
        m = SUMMARY_RE.match(ln)
        if m:
            cur.backend, cur.cpus = m.group(1), int(m.group(2))
            cur.passed, cur.total = int(m.group(3)), int(m.group(4))
            continue
        m = RESULT_RE.match(ln)
        if m:
            cur.verdict = m.group(1)
            out.append(cur)
            cur, details = Result(), []
    if cur.tests or cur.backend or not out:
        out.append(cur)
    return out


def parse(text):
    """The whole log as one Result: every line, the last boot's verdict."""
    boots = results(text)
    whole = Result(lines=clean_lines(text))
    for b in boots:
        whole.tests.update(b.tests)
        if b.verdict:
            whole.backend, whole.cpus = b.backend, b.cpus
            whole.passed, whole.total, whole.verdict = b.passed, b.total, b.verdict
    return whole


def last_line(text):
    lines = [ln for ln in clean_lines(text) if ln.strip()]
    return lines[-1] if lines else ""
