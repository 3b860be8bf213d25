# SPDX-License-Identifier: MIT
"""The microbenchmarks natively: every op in every mode, one boot."""
import pytest

from harness import checks

pytestmark = pytest.mark.native


def test_bench(native_bench_run):
    run = native_bench_run
    checks.success(run)
    checks.has(run, r"^pvkit: bench: irq_pair mode=native cycles=")
    checks.has(run, r"^pvkit: bench: percpu_inc mode=inline cycles=")
    checks.has(run, r"^pvkit: site: addr=0x[0-9a-f]+ op=irq_disable bytes=fa")
