# SPDX-License-Identifier: MIT
"""The microbenchmarks on Xen: every mode but the native reference."""
import pytest

from harness import checks

pytestmark = pytest.mark.xen


def test_bench(xen_bench_run):
    run = xen_bench_run
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: bench: irq_pair mode=inline cycles=")
    checks.lacks(run, r"^pvkit: bench: [a-z_]+ mode=native")
