# SPDX-License-Identifier: MIT
"""Natively, 10 boots in a row, each one whole and successful (slow: about
5 s here, 0.4 s a boot).  The figures are printed (pytest -s shows them)."""
import statistics

import pytest

from harness import checks

pytestmark = [pytest.mark.native, pytest.mark.slow]

BOOTS = 10


@pytest.mark.timeout(600)
def test_boots_in_a_row(machine):
    seconds = []
    for i in range(BOOTS):
        run = machine.boot(name=f"soak-{i}")
        checks.success(run)
        seconds.append(run.seconds)
    print(f"\nsoak: {BOOTS} native boots: min={min(seconds):.1f} s "
          f"median={statistics.median(seconds):.1f} s max={max(seconds):.1f} s")
