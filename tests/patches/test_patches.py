# SPDX-License-Identifier: MIT
"""patches/: the Linux 6.1 series that inlines Xen PV irq_disable.

The series applies to a fresh unpack of linux-source-6.1 and checkpatch
(from that tree) has nothing to say; the stock and the patched kernel
build, boot as Xen PV domUs with 1 and 2 vCPUs and natively with 1 and 2
CPUs; every local_irq_disable site the running kernel reports holds the
inline store (patched, Xen), a direct call (stock, Xen) or cli (native);
the run's figures are printed.
"""
import glob
import os
import subprocess

import pytest

from harness import qemu

pytestmark = [pytest.mark.patches, pytest.mark.slow]
TARBALL = "/usr/src/linux-source-6.1.tar.xz"
RUN_DIR = "build/test-results/patches-run"      # the layout figures.py reads
SERIES = [p for p in sorted(glob.glob("patches/[0-9][0-9][0-9][0-9]-*.patch"))
          if not p.endswith("0000-cover-letter.patch")]
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


@pytest.fixture(scope="module")
def fresh_tree(deps):
    """A fresh unpack of the tarball, removed after the group (a Linux tree
    is 80,000 files: pytest's own temporary directories would keep three)."""
    d = "build/test-results/patches-fresh-tree"
    subprocess.run(["rm", "-rf", d], check=True, timeout=300)
    os.makedirs(d)
    subprocess.run(["tar", "-xJf", TARBALL, "-C", d, "--strip-components=1"],
                   check=True, timeout=600)
    yield d
    subprocess.run(["rm", "-rf", d], timeout=300)


@pytest.mark.timeout(900)
def test_series_applies(fresh_tree, outdir):
    assert SERIES, "no patches in patches/"
    for p in SERIES:
        rc = sh(["patch", "-d", str(fresh_tree), "-p1", "--no-backup-if-mismatch",
                 "-i", os.path.abspath(p)], os.path.join(outdir, "apply.log"), 120)
        assert rc == 0, f"{p} does not apply to a fresh unpack; see {outdir}/apply.log"


@pytest.mark.timeout(900)
@pytest.mark.parametrize("patch", [os.path.basename(p) for p in SERIES])
def test_checkpatch_strict(fresh_tree, patch):
    p = subprocess.run(["scripts/checkpatch.pl", "--strict",
                        os.path.abspath(os.path.join("patches", patch))],
                       cwd=fresh_tree, capture_output=True, text=True, timeout=300)
    assert "total: 0 errors, 0 warnings, 0 checks," in p.stdout, p.stdout[-3000:]


class LinuxRuns:
    """Each kernel built, and each boot run, once; in figures.py's layout.
    The builds started in the background when the run began (conftest)."""
    def __init__(self, xen_host_holder, images, background):
        self.holder, self.images, self.background = xen_host_holder, images, background
        self.built, self.runs = {}, {}
        for d in ("xen", "native"):
            os.makedirs(os.path.join(RUN_DIR, d), exist_ok=True)

    def build(self, variant):
        if variant not in self.built:
            if self.background is not None:
                self.background.wait(timeout=1500)
            log = os.path.join(RUN_DIR, f"build-{variant}.log")
            ok = sh(["make", "-s", "build/linux/initrd.cpio"], log + ".initrd", 600) == 0 \
                and sh(["patches/build-linux.sh", variant], log, 1500) == 0
            self.built[variant] = (ok, log)
        ok, log = self.built[variant]
        if not ok:
            pytest.fail(f"the {variant} kernel does not build; see {log}")
        return f"build/linux/{variant}/bzImage"

    def xen(self, variant, cpus):
        key = ("xen", variant, cpus)
        if key not in self.runs:
            from conftest import XenSession
            kernel = self.build(variant)
            s = XenSession(self.holder.get(), os.path.join(RUN_DIR, "xen"), self.images)
            run = s.guest(name=f"{variant}{cpus}", timeout=240, kernel=kernel,
                          ramdisk="build/linux/initrd.cpio", memory=128, vcpus=cpus,
                          extra="console=hvc0 panic=-1").wait_end()
            os.replace(run.path, os.path.join(RUN_DIR, "xen", f"{variant}{cpus}.console"))
            run.path = os.path.join(RUN_DIR, "xen", f"{variant}{cpus}.console")
            self.runs[key] = run
        return self.runs[key]

    def native(self, variant, cpus):
        key = ("native", variant, cpus)
        if key not in self.runs:
            kernel = self.build(variant)
            self.runs[key] = qemu.boot(os.path.join(RUN_DIR, "native"),
                                       name=f"{variant}{cpus}", kernel=kernel,
                                       initrd="build/linux/initrd.cpio", smp=cpus,
                                       cmdline="console=ttyS0 panic=-1 pvexit=reboot",
                                       timeout=240, machine="pc")
        return self.runs[key]


@pytest.fixture(scope="module")
def linux(deps, xen_host, images, pytestconfig):
    return LinuxRuns(xen_host, images, getattr(pytestconfig, "_pvkit_linux_build", None))


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("variant", VARIANTS)
def test_build(linux, variant):
    linux.build(variant)
    assert os.path.getsize(f"build/linux/{variant}/bzImage") > 100000


def xen_disp():
    """The store's displacement: the per-cpu address of xen_vcpu_info's
    evtchn_upcall_mask (offset 1), from the patched kernel's map."""
    for line in open("build/linux/patched/System.map"):
        a = line.split()
        if len(a) == 3 and a[2] == "xen_vcpu_info":
            return hex(int(a[0], 16) + 1)
    pytest.fail("xen_vcpu_info is not in the patched kernel's System.map")


def check_guest(path, text, cpus, mode, *args):
    assert "pvtest: end" in text and "pvtest: error" not in text, f"see {path}"
    assert f"pvtest: cpus-online {cpus}\n" in text + "\n", \
        f"want {cpus} CPUs online; see {path}"
    p = subprocess.run(["/usr/bin/python3", "tests/patches/sites.py", path, mode, *args],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    print(p.stdout.strip())


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("cpus", [1, 2])
@pytest.mark.parametrize("variant", VARIANTS)
def test_xen_guest(linux, variant, cpus):
    run = linux.xen(variant, cpus)
    assert run.reason == "poweroff", f"ended with {run.reason}; see {run.path}"
    if variant == "patched":
        check_guest(run.path, run.log, cpus, "xen-inline", xen_disp())
    else:
        check_guest(run.path, run.log, cpus, "xen-call")


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("cpus", [1, 2])
@pytest.mark.parametrize("variant", VARIANTS)
def test_native_guest(linux, variant, cpus):
    run = linux.native(variant, cpus)
    assert run.stopped == "reset", f"stopped by {run.stopped}; see {run.path}"
    check_guest(run.path, run.log, cpus, "native")


@pytest.mark.timeout(2400)
def test_figures(linux):
    for variant in VARIANTS:
        for cpus in (1, 2):
            linux.xen(variant, cpus)
            linux.native(variant, cpus)
    p = subprocess.run(["/usr/bin/python3", "tests/patches/figures.py", RUN_DIR],
                       capture_output=True, text=True, timeout=120)
    with open(os.path.join(RUN_DIR, "figures.txt"), "w") as f:
        f.write(p.stdout + p.stderr)
    print(p.stdout)
    assert p.returncode == 0, p.stdout + p.stderr
