# SPDX-License-Identifier: MIT
"""What make run prints: tools/deps.sh puts apt's output in its log and
says one line, tools/sidebyside.py keeps every row within its width."""
import os
import subprocess

import pytest

pytestmark = pytest.mark.unit

FAKE_APT = """#!/bin/sh
for i in $(seq 200); do echo "Get:$i http://deb.debian.org/debian bookworm/main fake $i"; done
echo "Setting up $*"
exit ${FAKE_APT_RC:-0}
"""


@pytest.fixture
def fake_root(tmp_path):
    """A PATH where every package is missing, root is us and apt-get chatters."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name, text in (("apt-get", FAKE_APT), ("dpkg-query", "#!/bin/sh\nexit 1\n"),
                       ("id", "#!/bin/sh\necho 0\n")):
        (bin_ / name).write_text(text)
        (bin_ / name).chmod(0o755)
    return tmp_path


def deps(fake_root, rc=0):
    env = dict(os.environ, PATH=f"{fake_root}/bin:{os.environ['PATH']}",
               PVKIT_DEPS_LOG=str(fake_root / "deps.log"), FAKE_APT_RC=str(rc))
    return subprocess.run(["tools/deps.sh", "debug"], env=env, capture_output=True,
                          text=True, timeout=30)


def test_deps_install_logs_apt(fake_root):
    p = deps(fake_root)
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""
    assert p.stderr.splitlines() == [
        f"pvkit: installing gdb qemu-system-x86 (apt-get; log in {fake_root}/deps.log)"]
    log = (fake_root / "deps.log").read_text()
    assert "Get:200 " in log and "Setting up install -y" in log


def test_deps_install_failure_shows_log_end(fake_root):
    p = deps(fake_root, rc=100)
    assert p.returncode == 1
    lines = p.stderr.splitlines()
    assert lines[1] == f"pvkit: installing the packages failed; the end of {fake_root}/deps.log:"
    assert len(lines) == 2 + 20 and "Setting up" in lines[-1]


def test_sidebyside_fits_its_width(tmp_path):
    long = "pvkit: probe: entry=pvh hypervisor=TCGTCGTCGTCG -> backend native: " \
           "PVH boot under another hypervisor, and then some more words " * 2
    logs = []
    for n, text in enumerate(["pvkit: same\n" + long + "\nTest result: SUCCESS\n",
                              "pvkit: same\npvkit: other\nTest result: SUCCESS\n",
                              "pvkit: same\n" + long + "\nTest result: SUCCESS\n"]):
        path = tmp_path / f"{n}.log"
        path.write_text(text)
        logs.append(f"T{n}={path}")
    out = subprocess.run(["/usr/bin/python3", "tools/sidebyside.py", "160", *logs],
                         capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()
    assert max(len(r) for r in rows) <= 160, max(rows, key=len)
    # Nothing of the long line is cut: every word is in the first column.
    first = " ".join(r[2:54] for r in rows[2:])
    assert all(w in first.split() for w in long.split())
    assert rows[-1].startswith("= Test result: SUCCESS")
