# SPDX-License-Identifier: MIT
"""Assertions on a boot (a qemu.Run or a guest.GuestRun), shared by the tests."""
import re

PROBE = {"native": r"^pvkit: probe: entry=(pvh|multiboot2) .*-> backend native",
         "xen-pv": r"^pvkit: probe: entry=xen-pv hypervisor=XenVMMXenVMM -> backend xen-pv",
         "xen-pvh": r"^pvkit: probe: entry=pvh hypervisor=XenVMMXenVMM -> backend xen-pvh: "
                    r"PVH guest of Xen",
         "kvm": r"^pvkit: probe: entry=pvh hypervisor=KVMKVMKVM -> backend kvm: PVH guest of KVM"}
HOST_REQUEST = re.compile(r"^pvkit: host request: \w+$")
STOPPED = {"native": ("poweroff", "reset"), "xen-pv": ("poweroff", "crash"),
           "xen-pvh": ("poweroff", "crash"), "kvm": ("poweroff", "reset")}


def stopped(run):
    return getattr(run, "stopped", None) or run.reason


def has(run, pattern):
    line = run.result.has(pattern)
    assert line is not None, f"no line matching /{pattern}/ in {run.path}"
    return re.search(pattern, line)


def lacks(run, pattern):
    line = run.result.has(pattern)
    assert line is None, f"unexpected line '{line}' in {run.path}"


def passed(run, *names):
    for n in names:
        t = run.result.tests.get(n)
        assert t is not None, f"self-test {n} did not run; see {run.path}"
        assert t.status == "PASS", f"self-test {n}: {t.status} {t.reason}; see {run.path}"


def skipped(run, name, reason=None):
    t = run.result.tests.get(name)
    assert t is not None and t.status == "SKIP", f"{name} should SKIP; see {run.path}"
    if reason:
        assert reason in t.reason, f"{name} skipped for '{t.reason}', want '{reason}'"


def ends_with(run, line):
    """The log's last line is LINE; a kernel that stayed up may add only the
    host request it answered after it."""
    lines = [ln for ln in run.result.lines if ln.strip()]
    if lines and HOST_REQUEST.match(lines[-1]):
        lines.pop()
    return bool(lines) and lines[-1] == line


def success(run, backend="native", cpus=1):
    """The whole result protocol of a good boot, and how it stopped."""
    r = run.result
    failed = r.names("FAIL")
    assert not failed, f"self-tests failed: {failed}; see {run.path}"
    has(run, PROBE[backend])
    assert (r.backend, r.cpus) == (backend, cpus), \
        f"summary backend={r.backend} cpus={r.cpus}, want {backend} {cpus}; see {run.path}"
    assert r.total and r.passed == r.total, f"tests={r.passed}/{r.total}; see {run.path}"
    assert ends_with(run, "Test result: SUCCESS"), f"last line '{run.last_line}'"
    assert stopped(run) == STOPPED[backend][0], \
        f"stopped by {stopped(run)}, want {STOPPED[backend][0]}; see {run.path}"


def failure(run, backend="native"):
    """A boot that reports FAILURE and stops the failure's way."""
    assert ends_with(run, "Test result: FAILURE"), f"last line '{run.last_line}'"
    assert stopped(run) == STOPPED[backend][1], \
        f"stopped by {stopped(run)}, want {STOPPED[backend][1]}; see {run.path}"
