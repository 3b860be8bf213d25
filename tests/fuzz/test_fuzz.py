# SPDX-License-Identifier: MIT
"""The fuzz targets (tests/fuzz/fuzz_*.c) replayed on their seed corpora and
saved crash inputs, one test per target: every input must run clean (no
sanitizer report, no abort).  `make fuzz` is the fuzzing itself.
"""
import glob
import os
import subprocess

import pytest

from conftest import RESULTS, make

pytestmark = pytest.mark.unit
TARGETS = sorted(os.path.basename(p)[5:-2] for p in glob.glob("tests/fuzz/fuzz_*.c"))


@pytest.fixture(scope="module")
def fuzz_built():
    os.makedirs(RESULTS, exist_ok=True)
    log = os.path.join(RESULTS, "make-fuzz-build.log")
    return make("fuzz-build", log=log), log


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_replay(fuzz_built, target):
    built, log = fuzz_built
    if not built:
        pytest.fail(f"the fuzz targets do not build; see {log}")
    inputs = sorted(glob.glob(f"tests/fuzz/corpus/{target}/*") +
                    glob.glob(f"tests/fuzz/crashes/{target}/*"))
    assert inputs, f"tests/fuzz/corpus/{target}/ has no seed"
    # Files as arguments: libFuzzer runs each once and fuzzes nothing.
    p = subprocess.run([f"build/fuzz/fuzz_{target}", *inputs], capture_output=True,
                       text=True, timeout=120)
    out = p.stdout + p.stderr
    with open(os.path.join(RESULTS, f"fuzz-replay-{target}.log"), "w") as f:
        f.write(out)
    bad = [ln for ln in out.splitlines()
           if "ERROR" in ln or "runtime error" in ln or ln.startswith(f"fuzz_{target}:")]
    assert p.returncode == 0 and not bad, \
        f"fuzz_{target} fails on a saved input (exit {p.returncode}):\n" + "\n".join(bad[:10])
    assert f"Executed {inputs[-1]}" in out
