# SPDX-License-Identifier: MIT
"""Soak and load on the Xen host (slow: about 40 s for both here): 20
create/shutdown cycles of one domU, then 4 domUs of 2 vCPUs each
running the self-tests and `bench` at the same time.  No failure, no domain left
behind (`xl list`), and the host's free memory (`xl info free_memory`)
back where it started.  The figures are printed (pytest -s shows them)."""
import statistics
import time

import pytest

from harness import checks

pytestmark = [pytest.mark.xen, pytest.mark.slow]

CYCLES = 20
CONCURRENT = 4


def free_memory(host):
    return int(host.check("xl info free_memory").strip())


def memory_back(host, start, wait=20):
    """Free memory once Xen has taken the dead domains' pages back (it
    scrubs them after the destroy): the value, polled up to WAIT s."""
    end = time.monotonic() + wait
    now = free_memory(host)
    while now != start and time.monotonic() < end:
        time.sleep(0.5)
        now = free_memory(host)
    return now


def figures(name, seconds):
    return (f"{name}: n={len(seconds)} min={min(seconds):.1f} s "
            f"median={statistics.median(seconds):.1f} s max={max(seconds):.1f} s")


def host_clean(host, start, what, seconds):
    """Prints the figures; no domain left and free memory back to START."""
    left = host.domains()
    after = memory_back(host, start)
    print(f"\n{figures(what, seconds)}; free_memory {start} MiB before, {after} MiB "
          f"after; domains left: {left}")
    assert not left, f"domains left behind: {left}"
    assert after == start, f"free_memory {start} MiB before, {after} MiB after"


@pytest.mark.timeout(600)
def test_create_shutdown_cycles(xen):
    host = xen.host
    start = free_memory(host)
    seconds = []
    for i in range(CYCLES):
        t0 = time.monotonic()
        run = xen.boot(name=f"t-soak-{i}")
        seconds.append(time.monotonic() - t0)
        checks.success(run, backend="xen-pv")
    host_clean(host, start, f"soak: {CYCLES} create/shutdown cycles", seconds)


@pytest.mark.timeout(900)
def test_concurrent_bench_guests(xen):
    host = xen.host
    start = free_memory(host)
    t0 = time.monotonic()
    guests = [xen.guest(name=f"t-load-{i}", vcpus=2, extra="bench", timeout=600)
              for i in range(CONCURRENT)]
    runs, seconds = [], []
    for g in guests:
        runs.append(g.wait_end())
        seconds.append(time.monotonic() - t0)
    for run in runs:
        checks.success(run, backend="xen-pv", cpus=2)
        checks.has(run, r"^pvkit: bench: ")
    host_clean(host, start, f"load: {CONCURRENT} concurrent 2-vCPU domUs with bench, "
               "ended after", seconds)
