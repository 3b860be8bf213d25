# SPDX-License-Identifier: MIT
"""make gdb and tools/pvkit.gdb: gdb in batch mode on QEMU's gdbstub stops
in pvkit_main, walks the stack back through pvkit_start and reads pv_ops."""
import os
import re
import socket
import subprocess
import time

import pytest

pytestmark = pytest.mark.native
TIMEOUT = 90


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gdb_breaks_in_pvkit_main(outdir, images):
    images.kernel
    port = free_port()
    log = open(os.path.join(outdir, "qemu.log"), "w")
    qemu = subprocess.Popen(["make", "-s", "--no-print-directory", "gdb", f"GDB_PORT={port}"],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        # Connecting to see it listen would be taken for gdb: wait on the
        # port being bound instead.
        end = time.monotonic() + 30
        while not port_bound(port):
            if qemu.poll() is not None or time.monotonic() > end:
                pytest.fail(f"QEMU's gdbstub did not listen on port {port}; see {outdir}/qemu.log")
            time.sleep(0.2)
        p = subprocess.run(["gdb", "-nx", "-batch", "-x", "tools/pvkit.gdb",
                            "-ex", "bt", "-ex", "print pv_ops.name", "-ex", "kill"],
                           env=dict(os.environ, PVKIT_GDB_PORT=str(port)),
                           capture_output=True, text=True, timeout=TIMEOUT)
        out = p.stdout + p.stderr
        with open(os.path.join(outdir, "gdb.log"), "w") as f:
            f.write(out)
        assert re.search(r"^Breakpoint 1, pvkit_main \(", out, re.M), out
        assert re.search(r"^#0  pvkit_main \(", out, re.M), out
        assert re.search(r"^#1  0x[0-9a-f]+ in pvkit_start \(", out, re.M), out
        assert re.search(r'^\$1 = 0x[0-9a-f]+ "native"$', out, re.M), out
    finally:
        if qemu.poll() is None:
            os.killpg(qemu.pid, 15)
        qemu.wait(timeout=30)
        log.close()


def port_bound(port):
    """Whether some process listens on the TCP port (from /proc/net/tcp)."""
    hexport = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for ln in lines:
            f = ln.split()
            if f[1].endswith(hexport) and f[3] == "0A":     # LISTEN
                return True
    return False
