# SPDX-License-Identifier: MIT
"""Fixtures of the pvkit test suite.

- `outdir`: build/test-results/<test>/, made empty for each test;
- `machine`: boots a native QEMU machine (harness.qemu) into `outdir`;
- `xen`: the Xen host (Xen and dom0 booted in QEMU once per run, a root
  shell on its serial console); `xen.guest(...)` makes a guest config from
  domU-configs/pvkit.cfg plus overrides and starts it.  A host that dies
  fails the test it died in, and the next Xen test boots a new one;
- `images`: build/pvkit.elf, the DEBUG_PARAVIRT build and the GRUB ISO.

The suite runs from the project root whatever the caller's directory.
"""
import fcntl
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
os.chdir(ROOT)

from harness import guest as guestmod  # noqa: E402
from harness import guestcfg, kvmhost, qemu, xenhost  # noqa: E402

RESULTS = "build/test-results"
MARKERS = {
    "unit": "host-side tests: cmocka unit tests, the audit",
    "native": "boots under QEMU, PVH entry",
    "xen": "boots as a Xen PV or PVH domU on the Xen host in QEMU",
    "kvm": "boots under real KVM, nested in the KVM host in QEMU",
    "compare": "the native/Xen comparison of make run",
    "patches": "the Linux series in patches/ (builds four kernels)",
    "slow": "takes minutes on its own",
}


XEN_VERSIONS = ("4.17", "4.20")


def pytest_addoption(parser):
    parser.addoption("--xen", choices=XEN_VERSIONS, default=os.environ.get("PVKIT_XEN", "4.17"),
                     help="the Xen release the xen group runs on: Debian 12's 4.17 "
                          "(default) or Debian 13's 4.20 (also PVKIT_XEN)")
    parser.addoption("--expect-collected", metavar="FILE",
                     help="fail the run if a test listed in FILE (one node id a "
                          "line) was not collected")


def pytest_configure(config):
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    os.environ["PVKIT_XEN"] = config.getoption("--xen")
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    os.makedirs(RESULTS, exist_ok=True)
    lock = open(os.path.join("build", ".check.lock"), "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        pytest.exit("another test run holds build/.check.lock in this tree "
                    f"({lock.read().strip() or 'pid unknown'}); wait for it to end, "
                    "or run the suite in another clone", returncode=4)
    lock.truncate(0)
    lock.write(f"pid {os.getpid()}\n")
    lock.flush()
    config._pvkit_lock = lock


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    check_expected(config, items)


# After -m and -k have deselected (trylast): only the selected tests count.
@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    config, items = session.config, session.items
    # The patches/ group needs four Linux builds (minutes each, one after
    # the other): they start now, in the background at low priority, and
    # its tests run last: one series after the other, in each the source
    # checks first, then what needs only the stock kernel, then the rest,
    # so that each kernel is used while the next one builds.
    linux = [it for it in items if it.get_closest_marker("patches")]
    order = {}
    for it in linux:
        order.setdefault(param_of(it, "series"), len(order))
    linux.sort(key=lambda it: (order[param_of(it, "series")], linux_stage(it)))
    if linux:
        items[:] = [it for it in items if it not in linux] + linux
    if linux and not config.option.collectonly:
        config._pvkit_linux_build = background_linux_build()


def param_of(item, name):
    callspec = getattr(item, "callspec", None)
    return callspec.params.get(name) if callspec else None


def linux_stage(item):
    if item.originalname in ("test_series_applies", "test_checkpatch_strict"):
        return 0
    return 1 if param_of(item, "variant") == "stock" else 2


def background_linux_build():
    os.makedirs(RESULTS, exist_ok=True)
    log = open(os.path.join(RESULTS, "make-patches-build.log"), "w")
    return subprocess.Popen(["nice", "-n", "19", "make", "-s", "patches-build"],
                            stdout=log, stderr=subprocess.STDOUT)


def check_expected(config, items):
    path = config.getoption("--expect-collected")
    if not path:
        return
    want = [ln.strip() for ln in open(path) if ln.strip() and not ln.startswith("#")]
    got = {it.nodeid for it in items}
    missing = [w for w in want if w not in got]
    if missing:
        pytest.exit("expected tests were not collected:\n  " + "\n  ".join(missing),
                    returncode=3)


def selection(config):
    sel = []
    if config.option.markexpr:
        sel.append(f"-m '{config.option.markexpr}'")
    if config.option.keyword:
        sel.append(f"-k '{config.option.keyword}'")
    return " ".join(sel)


def pytest_report_header(config):
    sel = selection(config)
    return [f"pvkit: a selection: {sel}" if sel else "pvkit: the whole suite",
            f"pvkit: Xen host: Xen {config.getoption('--xen')}",
            f"pvkit: logs in {RESULTS}/<test>/"]


def pytest_terminal_summary(terminalreporter, config):
    sel = selection(config)
    if sel:
        n = len(terminalreporter.stats.get("deselected", []))
        terminalreporter.write_line(f"pvkit: this run was a selection ({sel}): "
                                    f"{n} tests deselected, not the whole suite")
    for attr, name in (("_pvkit_xen_holder", "Xen"), ("_pvkit_kvm_holder", "KVM")):
        holder = getattr(config, attr, None)
        if holder and holder.boots:
            what = f"Xen {holder.host.version}" if name == "Xen" else name
            terminalreporter.write_line(f"pvkit: the {what} host booted {holder.boots} time(s)"
                                        + (f"; it died: {holder.deaths}" if holder.deaths else ""))


def test_dir_name(nodeid):
    """xen/test_xen_smp.py::test_vcpus[2] -> xen.test_xen_smp.test_vcpus-2"""
    name = nodeid.replace(".py::", ".").replace("/", ".").replace("::", ".")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:120]


@pytest.fixture
def outdir(request):
    d = os.path.join(RESULTS, test_dir_name(request.node.nodeid))
    subprocess.run(["rm", "-rf", d], check=True)
    os.makedirs(d)
    return d


# ------------------------------------------------------------------ images
def make(*targets, log):
    with open(log, "w") as f:
        p = subprocess.run(["make", "-s", "--no-print-directory", *targets],
                           stdout=f, stderr=subprocess.STDOUT)
    return p.returncode == 0


class Images:
    """The images the boot tests run, built on first use."""
    def __init__(self):
        self._built = {}

    def _get(self, target, path):
        if target not in self._built:
            log = os.path.join(RESULTS, f"make-{target}.log")
            self._built[target] = make(target, log=log)
        if not self._built[target]:
            pytest.fail(f"'make {target}' failed; see {RESULTS}/make-{target}.log")
        return path

    @property
    def kernel(self):
        return self._get("all", "build/pvkit.elf")

    @property
    def debug(self):
        return self._get("debug", "build/debug/pvkit.elf")

    @property
    def iso(self):
        return self._get("iso", "build/pvkit.iso")


@pytest.fixture(scope="session")
def images():
    return Images()


# ------------------------------------------------------------------ native
@pytest.fixture
def machine(outdir, images):
    """boot(**kw) -> harness.qemu.Run; start(**kw) -> a running Machine."""
    started = []

    class Factory:
        def start(self, name="console", **kw):
            kw.setdefault("kernel", images.kernel)
            m = qemu.Machine(outdir, name=name, **kw)
            started.append(m)
            return m.start()

        def boot(self, **kw):
            return self.start(**kw).wait()

    yield Factory()
    for m in started:
        m.kill()


# --------------------------------------------------------------------- Xen
class XenHostHolder:
    """The one Xen host of the run, booted on first use, rebooted after it died."""
    def __init__(self, kind=xenhost.XenHost, outdir="xen-host"):
        self.kind, self.outdir = kind, outdir
        self.host = None
        self.boots = 0
        self.deaths = []

    def get(self):
        if self.host is not None and self.host.alive():
            return self.host
        if self.host is not None:
            self.deaths.append(self.host.dead or "stopped")
            self.host.close()
        self.boots += 1
        self.host = self.kind(ROOT, os.path.join(RESULTS, self.outdir))
        self.host.boot()
        return self.host

    def get_or_fail(self):
        """The host, or the calling test fails saying why it died."""
        try:
            return self.get()
        except xenhost.HostDied as e:
            pytest.fail(str(e))

    def close(self):
        if self.host is not None:
            self.host.close()


@pytest.fixture(scope="session")
def xen_host(pytestconfig):
    h = XenHostHolder()
    pytestconfig._pvkit_xen_holder = h
    yield h
    h.close()


class XenSession:
    """One test's view of the Xen host."""
    def __init__(self, host, outdir, images):
        self.host, self.outdir, self.images = host, outdir, images
        self.guests = []

    def guest_name(self, suffix=""):
        """The test's own name (tests run one at a time, so it is unique)."""
        base = "t-" + os.path.basename(self.outdir).rsplit(".", 1)[-1]
        return (base[:48] + suffix).replace(".", "-")

    def config(self, name=None, template=guestcfg.TEMPLATE, **keys):
        """Write a guest config for this test; its path."""
        name = name or self.guest_name()
        keys.setdefault("kernel", self.images.kernel)
        cfg = os.path.join(self.outdir, f"{name}.cfg")
        return guestcfg.write(cfg, template=template, name=name, **keys)

    def guest(self, name=None, timeout=60, cfg=None, **keys):
        """Start a guest from the template with KEYS set (or from CFG as it is)."""
        if cfg is None:
            cfg = self.config(name=name, **keys)
        name = name or guestcfg_name(cfg)
        g = guestmod.Guest(self.host, name, cfg, os.path.join(self.outdir, name),
                           timeout=timeout)
        self.guests.append(g)
        return g.start()

    def boot(self, **keys):
        """Start a guest and wait for its end: a GuestRun."""
        return self.guest(**keys).wait_end()


def guestcfg_name(cfg):
    m = re.search(r'^\s*name\s*=\s*"([^"]+)"', open(cfg).read(), re.M)
    return m.group(1)


@pytest.fixture
def xen(xen_host, outdir, images):
    host = xen_host.get_or_fail()
    s = XenSession(host, outdir, images)
    yield s
    # Leave no domain behind for the next test; a host that cannot answer
    # is closed (the next Xen test boots another).
    if not host.alive():
        return
    try:
        for g in s.guests:
            if g.ended is None:
                g.finish("left-running")
        left = host.domains()
        for name in left:
            host.run(f"xl destroy {name}")
    except (xenhost.HostDied, AssertionError) as e:
        host.dead = f"did not answer after the test: {e}"
        host.close()


# --------------------------------------------------------------------- KVM
@pytest.fixture(scope="session")
def kvm_host(pytestconfig):
    h = XenHostHolder(kvmhost.KvmHost, "kvm-host")
    pytestconfig._pvkit_kvm_holder = h
    yield h
    h.close()


@pytest.fixture
def kvm(kvm_host, outdir, images):
    """boot(smp=, cpu=, cmdline=, timeout=) -> a qemu.Run of the image under KVM."""
    host = kvm_host.get_or_fail()

    class Session:
        def boot(self, **kw):
            kw.setdefault("kernel", images.kernel)
            try:
                return host.boot_guest(outdir, **kw)
            except kvmhost.HostDied as e:
                pytest.fail(str(e))
    return Session()


# ------------------------------------------------------- the bench boots
# Both the bench tests and the comparison read them: one boot each per run.
@pytest.fixture(scope="session")
def native_bench_run(images):
    return qemu.boot(os.path.join(RESULTS, "bench-native"), kernel=images.kernel,
                     cmdline="bench", timeout=240)


def bench_guest(xen_host, images, outdir, name, **keys):
    host = xen_host.get_or_fail()
    s = XenSession(host, os.path.join(RESULTS, outdir), images)
    os.makedirs(s.outdir, exist_ok=True)
    return s.guest(name=name, extra="bench", timeout=240, **keys).wait_end()


@pytest.fixture(scope="session")
def xen_bench_run(xen_host, images):
    return bench_guest(xen_host, images, "bench-xen", "t-bench")


@pytest.fixture(scope="session")
def pvh_bench_run(xen_host, images):
    return bench_guest(xen_host, images, "bench-xen-pvh", "t-bench-pvh",
                       template="domU-configs/pvkit-pvh.cfg")
