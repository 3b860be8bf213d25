# SPDX-License-Identifier: MIT
"""The cmocka unit tests (tests/unit/test_*.c), one pytest test per case.

Each binary runs once; every case listed in its source is a test here
that passes only if cmocka printed "[       OK ] case" for it.
"""
import glob
import os
import re
import subprocess

import pytest

from conftest import RESULTS, make

pytestmark = pytest.mark.unit
CASE_RE = re.compile(r"cmocka_unit_test\((\w+)\)")


def cases():
    out = []
    for src in sorted(glob.glob("tests/unit/test_*.c")):
        binary = os.path.basename(src)[:-2]
        out += [pytest.param(binary, c, id=f"{binary[5:]}-{c}")
                for c in CASE_RE.findall(open(src).read())]
    return out


@pytest.fixture(scope="module")
def unit_runs():
    log = os.path.join(RESULTS, "make-unit-tests.log")
    built = make("unit-tests", log=log)
    return {"built": built, "log": log, "runs": {}}


def run_binary(unit_runs, binary):
    if not unit_runs["built"]:
        pytest.fail(f"the unit tests do not build; see {unit_runs['log']}")
    if binary not in unit_runs["runs"]:
        p = subprocess.run([f"build/unit/{binary}"], capture_output=True, text=True,
                           timeout=60)
        log = os.path.join(RESULTS, f"unit-{binary}.log")
        with open(log, "w") as f:
            f.write(p.stdout + p.stderr)
        unit_runs["runs"][binary] = (p.stdout + p.stderr, log)
    return unit_runs["runs"][binary]


@pytest.mark.parametrize("binary,case", cases())
def test_cmocka(unit_runs, binary, case):
    out, log = run_binary(unit_runs, binary)
    if f"[       OK ] {case}\n" not in out:
        detail = [ln for ln in out.splitlines() if case in ln or "Failure" in ln
                  or "error" in ln.lower()]
        pytest.fail(f"{binary}: {case} did not pass (log {log}):\n" + "\n".join(detail[-10:]))
