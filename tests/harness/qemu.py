# SPDX-License-Identifier: MIT
"""A native QEMU machine booting an image, its serial console a pexpect session.

    m = Machine(outdir, kernel="build/pvkit.elf", machine="q35", smp=2,
                cmdline="bench", timeout=60)
    # or a boot loader's disc: Machine(outdir, cdrom="build/pvkit.iso",
    #                                  bios="/usr/share/ovmf/OVMF.fd")
    m.start()
    m.expect("Test result: SUCCESS"); m.sendline("poweroff")
    run = m.wait()            # Run: how it stopped and the parsed protocol

The console log goes to OUTDIR/console.log, the command line to
OUTDIR/qemu.cmd.  `boot(...)` does start() and wait() in one call.
"""
import dataclasses
import os
import shlex
import tempfile
import time

import pexpect

from . import protocol
from .qmp import EventReader


@dataclasses.dataclass
class Run:
    stopped: str            # poweroff, reset, panic, timeout, or exit-N
    seconds: float
    log: str                # the console text, CR and escapes removed
    result: protocol.Result
    path: str               # where the log is

    @property
    def last_line(self):
        return protocol.last_line(self.log)


class Machine:
    def __init__(self, outdir, kernel="build/pvkit.elf", machine="q35", smp=1,
                 cmdline="", timeout=60, memory=256, initrd=None, name="console",
                 cdrom=None, bios=None):
        self.outdir, self.kernel, self.machine = outdir, kernel, machine
        self.smp, self.cmdline, self.timeout = smp, cmdline, timeout
        self.memory, self.initrd, self.name = memory, initrd, name
        self.cdrom, self.bios = cdrom, bios
        self.child = None
        for path, what in ((cdrom, "disc image (run make iso)") if cdrom else
                           (kernel, "kernel image (run make)"), (bios, "firmware")):
            if path and not os.path.isfile(path):
                raise FileNotFoundError(f"no {what} {path}")

    def argv(self, qmp_path):
        a = ["qemu-system-x86_64", "-machine", self.machine, "-accel", "tcg",
             "-cpu", "qemu64", "-m", str(self.memory), "-smp", str(self.smp),
             "-display", "none", "-no-reboot", "-monitor", "none",
             "-serial", "stdio", "-qmp", f"unix:{qmp_path},server=on,wait=off"]
        if self.bios:
            a += ["-bios", self.bios]
        if self.cdrom:      # the boot loader on it has its own command line
            return a + ["-cdrom", self.cdrom]
        a += ["-kernel", self.kernel, "-append", self.cmdline]
        if self.initrd:
            a += ["-initrd", self.initrd]
        return a

    def start(self):
        os.makedirs(self.outdir, exist_ok=True)
        self.log_path = os.path.join(self.outdir, f"{self.name}.log")
        self._tmp = tempfile.TemporaryDirectory(prefix="pvkit-qemu-")
        qmp_path = os.path.join(self._tmp.name, "qmp")
        argv = self.argv(qmp_path)
        with open(os.path.join(self.outdir, f"{self.name}.cmd"), "w") as f:
            f.write(shlex.join(argv) + "\n")
        self._log = open(self.log_path, "w", encoding="utf-8", errors="replace")
        self.t0 = time.monotonic()
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=self.timeout,
                                   logfile=None)
        self.child.logfile_read = self._log
        self.qmp = EventReader(qmp_path)
        return self

    def remaining(self):
        return max(0.1, self.timeout - (time.monotonic() - self.t0))

    def expect(self, pattern, timeout=None):
        """Wait for a console pattern (a regular expression); its match object."""
        try:
            self.child.expect(pattern, timeout=timeout or self.remaining())
        except pexpect.TIMEOUT:
            raise AssertionError(f"no console line matching /{pattern}/ within "
                                 f"{timeout or self.timeout:.0f} s; see {self.log_path}")
        except pexpect.EOF:
            raise AssertionError(f"the machine stopped before /{pattern}/ showed; "
                                 f"see {self.log_path}")
        return self.child.match

    def sendline(self, text):
        """Type a line at the serial console, as a terminal sends it (CR)."""
        self.child.send(text + "\r")

    def wait(self):
        """Wait (within the timeout) for QEMU to exit; a Run."""
        stopped = None
        try:
            self.child.expect(pexpect.EOF, timeout=self.remaining())
        except pexpect.TIMEOUT:
            stopped = "timeout"
            self.child.terminate(force=True)
        self.child.close()
        reason = self.qmp.shutdown_reason()
        self.qmp.close()
        if stopped is None:
            code = self.child.exitstatus
            stopped = reason or f"exit-{code if code is not None else self.child.signalstatus}"
        seconds = time.monotonic() - self.t0
        self._log.close()
        self._tmp.cleanup()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            text = "\n".join(protocol.clean_lines(f.read()))
        with open(self.log_path, "w") as f:
            f.write(text)
        return Run(stopped, seconds, text, protocol.parse(text), self.log_path)

    def kill(self):
        if self.child and self.child.isalive():
            self.child.terminate(force=True)


def boot(outdir, **kw):
    """Boot to the end: a Run."""
    return Machine(outdir, **kw).start().wait()
