# SPDX-License-Identifier: MIT
"""make run's comparison: the table, the JSON (every op, every mode, the
three platforms: native, Xen PV, Xen PVH) and the chart, with the static
figures checked against the bytes the kernels found at their sites
(check_compare.py)."""
import os
import subprocess

import pytest

from conftest import make

pytestmark = pytest.mark.compare


@pytest.fixture(scope="module")
def comparison(native_bench_run, xen_bench_run, pvh_bench_run):
    d = "build/test-results/compare"
    os.makedirs(d, exist_ok=True)
    if not make("build/tools/pathstat", log=f"{d}/make.log"):
        pytest.fail(f"tools/pathstat does not build; see {d}/make.log")
    runs = (("native", native_bench_run), ("xen", xen_bench_run), ("pvh", pvh_bench_run))
    for side, run in runs:
        with open(f"{d}/{side}.static", "w") as f:
            subprocess.run(["build/tools/pathstat", "build/pvkit.elf", run.path],
                           stdout=f, check=True, timeout=120)
    p = subprocess.run(["/usr/bin/python3", "tools/compare.py",
                        *[run.path for _, run in runs], *[f"{d}/{side}.static" for side, _ in runs],
                        f"{d}/compare.json", f"{d}/compare.dat"],
                       capture_output=True, text=True, timeout=120)
    with open(f"{d}/table.txt", "w") as f:
        f.write(p.stdout + p.stderr)
    assert p.returncode == 0, f"tools/compare.py failed:\n{p.stderr}"
    return d


def test_json_and_static_figures(comparison, native_bench_run, xen_bench_run, pvh_bench_run):
    p = subprocess.run(["/usr/bin/python3", "tests/compare/check_compare.py",
                        f"{comparison}/compare.json", native_bench_run.path,
                        xen_bench_run.path, pvh_bench_run.path],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr


def test_chart(comparison):
    svg = f"{comparison}/compare.svg"
    p = subprocess.run(["gnuplot", "-e", f"data='{comparison}/compare.dat'; out='{svg}'",
                        "tools/compare.gnuplot"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "<svg" in open(svg).read()
