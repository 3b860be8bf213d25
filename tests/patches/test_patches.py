# SPDX-License-Identifier: MIT
"""patches/: the series that inlines Xen PV irq_disable, for mainline
(Linux 7.3, patches/) and as a 6.1 backport (patches/6.1/).

For each series: it applies with `git am` to a git tree of a fresh unpack
of its source and checkpatch --strict (from that tree) has nothing to say;
the stock and the patched kernel build, with no new objtool line; they
boot as Xen PV domUs with 1 and 2 vCPUs and natively with 1 and 2 CPUs,
and every CPU comes up; every irq_disable site the running kernel reports
holds the store (patched, Xen), a direct call (stock, Xen) or cli plus
nops (native); the run's figures are printed.  For mainline also: what
the alternatives code writes at each site, simulated on the patched
vmlinux, and kernels without XEN_PV left unchanged.

The tests of one series run together (the `series` fixture is module
scoped), so the second series' kernels build while the first one boots.
"""
import dataclasses
import glob
import os
import re
import subprocess

import pytest

from harness import qemu

pytestmark = [pytest.mark.patches, pytest.mark.slow]


@dataclasses.dataclass
class Series:
    name: str
    dir: str                # its patches
    xen_mode: str           # sites.py's mode for the patched kernel on Xen

    @property
    def patches(self):
        return [os.path.basename(p) for p in
                sorted(glob.glob(os.path.join(self.dir, "[0-9][0-9][0-9][0-9]-*.patch")))
                if not p.endswith("0000-cover-letter.patch")]

    @property
    def build_dir(self):
        return f"build/linux/{self.name}"

    @property
    def run_dir(self):      # the layout figures.py reads
        return f"build/test-results/patches-run/{self.name}"

    def kernel(self, variant, what="bzImage"):
        return f"{self.build_dir}/{variant}/{what}"


SERIES = {
    "mainline": Series("mainline", "patches", "xen-inline-rip"),
    "6.1": Series("6.1", "patches/6.1", "xen-inline"),
}
VARIANTS = ["stock", "patched"]


def sh(argv, log, timeout):
    with open(log, "w") as f:
        return subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT,
                              timeout=timeout).returncode


@pytest.fixture(scope="module")
def deps():
    log = "build/test-results/patches-deps.log"
    os.makedirs(os.path.dirname(log), exist_ok=True)
    if sh(["tools/deps.sh", "linux", "native", "xen"], log, 900):
        pytest.fail(f"the Linux build packages are missing; see {log}")


@pytest.fixture(scope="module", params=list(SERIES))
def series(request, deps):
    return SERIES[request.param]


CHECKED = {}


def checked(series):
    """check-series.sh, once per series: git am of the series onto a fresh
    copy of the unpacked source made a git tree, checkpatch on each patch."""
    if series.name not in CHECKED:
        work = f"{series.build_dir}/check"
        log = os.path.join(series.run_dir, "check-series.log")
        os.makedirs(series.run_dir, exist_ok=True)
        rc = sh(["patches/scripts/check-series.sh", series.name, work], log, 900)
        CHECKED[series.name] = (rc, work, log)
    return CHECKED[series.name]


@pytest.fixture(scope="module", autouse=True)
def remove_check_trees():
    """The git trees (80,000 files and their objects) go after the group;
    their logs stay."""
    yield
    for rc, work, log in CHECKED.values():
        subprocess.run(["rm", "-rf", os.path.join(work, "tree")], timeout=300)


def patch_params():
    return [pytest.param(s, p, id=f"{s}-{p}") for s in SERIES for p in SERIES[s].patches]


@pytest.mark.timeout(900)
def test_series_applies(series):
    rc, work, log = checked(series)
    assert series.patches, f"no patches in {series.dir}"
    text = open(log).read()
    assert rc != 1, f"the {series.name} series does not apply with git am; see {work}/am.log"
    want = f", {len(series.patches)} commits applied"
    assert want in text, f"want '{want}' from check-series.sh; see {log}"
    base = re.search(r", base ([0-9a-f]{40}),", text)
    cover = open(os.path.join(series.dir, "0000-cover-letter.patch")).read()
    assert base and f"base-commit: {base.group(1)}" in cover, \
        f"the cover letter's base-commit is not the unpacked source's commit; see {log}"
    print(text.strip().splitlines()[-1])


@pytest.mark.timeout(900)
@pytest.mark.parametrize("series,patch", patch_params(), indirect=["series"])
def test_checkpatch_strict(series, patch):
    rc, work, log = checked(series)
    assert rc != 1, f"the series does not apply; see {work}/am.log"
    report = os.path.join(work, "checkpatch", patch.replace(".patch", ".txt"))
    text = open(report).read()
    assert "total: 0 errors, 0 warnings, 0 checks," in text, text[-3000:]


class LinuxRuns:
    """Each kernel of a series built, and each boot run, once; in
    figures.py's layout.  The builds started in the background when the
    run began (conftest); build-linux.sh waits for one in progress."""
    def __init__(self, series, xen_host_holder, images):
        self.series, self.holder, self.images = series, xen_host_holder, images
        self.built, self.runs = {}, {}
        for d in ("xen", "native"):
            os.makedirs(os.path.join(series.run_dir, d), exist_ok=True)

    def build(self, variant):
        if variant not in self.built:
            log = os.path.join(self.series.run_dir, f"build-{variant}.log")
            ok = sh(["make", "-s", "build/linux/initrd.cpio"], log + ".initrd", 600) == 0 \
                and sh(["patches/scripts/build-linux.sh", self.series.name, variant],
                       log, 1500) == 0
            self.built[variant] = (ok, log)
        ok, log = self.built[variant]
        if not ok:
            pytest.fail(f"the {self.series.name} {variant} kernel does not build; see {log}")
        return self.series.kernel(variant)

    def xen(self, variant, cpus):
        key = ("xen", variant, cpus)
        if key not in self.runs:
            from conftest import XenSession
            kernel = self.build(variant)
            d = os.path.join(self.series.run_dir, "xen")
            s = XenSession(self.holder.get(), d, self.images)
            run = s.guest(name=f"{self.series.name.replace('.', '')}-{variant}{cpus}",
                          timeout=240, kernel=kernel, ramdisk="build/linux/initrd.cpio",
                          memory=128, vcpus=cpus, extra="console=hvc0 panic=-1").wait_end()
            os.replace(run.path, os.path.join(d, f"{variant}{cpus}.console"))
            run.path = os.path.join(d, f"{variant}{cpus}.console")
            self.runs[key] = run
        return self.runs[key]

    def native(self, variant, cpus):
        # microvm: its firmware's MP table lists every CPU (SeaBIOS's lists
        # only the first), so the kernel needs no ACPI to find them; with no
        # reset device, reboot=t (a triple fault) ends the machine.
        key = ("native", variant, cpus)
        if key not in self.runs:
            kernel = self.build(variant)
            self.runs[key] = qemu.boot(os.path.join(self.series.run_dir, "native"),
                                       name=f"{variant}{cpus}", kernel=kernel,
                                       initrd="build/linux/initrd.cpio", smp=cpus,
                                       cmdline="console=ttyS0 panic=-1 reboot=t pvexit=reboot",
                                       timeout=240, machine="microvm,acpi=off")
        return self.runs[key]


@pytest.fixture(scope="module")
def linux(series, xen_host, images):
    return LinuxRuns(series, xen_host, images)


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("variant", VARIANTS)
def test_build(linux, series, variant):
    linux.build(variant)
    assert os.path.getsize(series.kernel(variant)) > 100000
    print(open(series.kernel(variant, "version.txt")).read().strip())


@pytest.mark.timeout(1800)
def test_objtool_no_new_warnings(linux, series):
    """The patched build's objtool and compiler warnings are the stock
    build's (paths made relative by build-linux.sh)."""
    for v in VARIANTS:
        linux.build(v)
    stock = set(open(series.kernel("stock", "objtool.txt")).read().splitlines())
    new = [ln for ln in open(series.kernel("patched", "objtool.txt")).read().splitlines()
           if ln not in stock and "override: reassigning" not in ln]
    assert not new, "new warnings in the patched build:\n" + "\n".join(new[:20])


def xen_disp(series):
    """Where the store writes: the per-cpu address of xen_vcpu_info's
    evtchn_upcall_mask (offset 1), from the patched kernel's map."""
    for line in open(series.kernel("patched", "System.map")):
        a = line.split()
        if len(a) == 3 and a[2] == "xen_vcpu_info":
            return hex(int(a[0], 16) + 1)
    pytest.fail("xen_vcpu_info is not in the patched kernel's System.map")


def check_guest(path, text, cpus, mode, *args):
    assert "pvtest: end" in text and "pvtest: error" not in text, f"see {path}"
    assert f"pvtest: cpus-online {cpus}\n" in text + "\n", \
        f"want {cpus} CPUs online; see {path}"
    if cpus > 1:
        assert "pvtest: hotplug cpu1 offline and online again" in text, \
            f"CPU 1 did not go offline and back; see {path}"
    p = subprocess.run(["/usr/bin/python3", "tests/patches/sites.py", path, mode, *args],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    print(p.stdout.strip())


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("cpus", [1, 2])
@pytest.mark.parametrize("variant", VARIANTS)
def test_xen_guest(linux, series, variant, cpus):
    run = linux.xen(variant, cpus)
    assert run.reason == "poweroff", f"ended with {run.reason}; see {run.path}"
    if variant == "patched":
        check_guest(run.path, run.log, cpus, series.xen_mode, xen_disp(series))
    else:
        check_guest(run.path, run.log, cpus, "xen-call")


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("cpus", [1, 2])
@pytest.mark.parametrize("variant", VARIANTS)
def test_native_guest(linux, variant, cpus):
    run = linux.native(variant, cpus)
    assert run.stopped == "reset", f"stopped by {run.stopped}; see {run.path}"
    check_guest(run.path, run.log, cpus, "native")


# 6.1 patches pv-op sites through .parainstructions, not alternatives.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("series", ["mainline"], indirect=True)
def test_alternatives_simulated(linux, series):
    """What apply_alternatives() writes at every irq_disable site of the
    patched vmlinux, natively, on Xen PV with the call and with the store."""
    linux.build("patched")
    p = subprocess.run(["/usr/bin/python3", "tests/patches/altsim.py",
                        series.kernel("patched", "vmlinux"), series.kernel("patched", "System.map")],
                       capture_output=True, text=True, timeout=240)
    print(p.stdout[-2000:])
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr


# For 6.1 by hand (minutes): patches/scripts/unaffected.sh 6.1 kvm-smp xenpv-up
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("series", ["mainline"], indirect=True)
def test_unaffected_without_xen_pv(linux, series):
    """A PARAVIRT kernel without XEN_PV compiles to the same code and
    patch sites with and without the series; the Xen PV kernels differ."""
    for v in VARIANTS:
        linux.build(v)
    log = os.path.join(series.run_dir, "unaffected.log")
    rc = sh(["patches/scripts/unaffected.sh", series.name, "kvm-smp"], log, 1500)
    text = open(log).read()
    print(text)
    assert rc == 0, text[-3000:]


@pytest.mark.timeout(2400)
def test_figures(linux, series):
    for variant in VARIANTS:
        for cpus in (1, 2):
            linux.xen(variant, cpus)
            linux.native(variant, cpus)
    p = subprocess.run(["/usr/bin/python3", "tests/patches/figures.py", series.run_dir,
                        series.build_dir], capture_output=True, text=True, timeout=120)
    with open(os.path.join(series.run_dir, "figures.txt"), "w") as f:
        f.write(p.stdout + p.stderr)
    print(p.stdout)
    assert p.returncode == 0, p.stdout + p.stderr
