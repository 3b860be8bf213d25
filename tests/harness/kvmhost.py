# SPDX-License-Identifier: MIT
"""A KVM host in QEMU: Debian's kernel with kvm-amd, booted under TCG with
SVM and nested paging, a root shell on its serial line.

    host = KvmHost(root=".", outdir="build/test-results/kvm-host").boot()
    run = host.boot_guest(outdir, smp=4)        # a harness.qemu.Run
    host.close()

The shell is XenHost's (commands framed by markers, the project tree shared
over virtio 9p at /host); only the images, the outer QEMU and the end of the
boot differ.  Each guest is an inner `qemu-system-x86_64 -accel kvm` run to
its end inside the host; its serial console is a file on the share, read
back here and parsed with harness.protocol.  The timings are still TCG's
(the outer machine emulates everything), the semantics are KVM's.
"""
import os
import shlex
import time

from . import protocol
from .qemu import Run
from .xenhost import XenHost, HostDied  # noqa: F401  (HostDied: for the callers)

KERNEL_CMDLINE = "console=ttyS0 quiet panic=-1"
FIRMWARE = "/share/firmware"        # where init.sh's initramfs keeps QEMU's ROMs


class KvmHost(XenHost):
    NAME = "the KVM host"
    MARK = "@@KVM-HOST@@"
    WHAT = "the KVM host kernel"
    CMD_DIR = "build/kvm-host/cmd"
    BUILD = "tests/harness/kvmhost/build.sh"

    def argv(self, img):
        def q(s):
            return s.replace(",", ",,")
        return ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "qemu64,+svm,+npt",
                "-m", "1G", "-smp", "2", "-nographic", "-nodefaults",
                "-no-reboot", "-monitor", "none", "-serial", "stdio",
                "-kernel", img["KERNEL"], "-initrd", img["INITRD"],
                "-append", KERNEL_CMDLINE,
                "-virtfs", f"local,path={q(self.root)},mount_tag=pvkit,"
                           "security_model=none,id=pvkit"]

    def booted(self):
        self.kernel_version = self.check("uname -r", timeout=30).strip()

    def guest_argv(self, kernel, console, smp=1, cpu="host", cmdline="",
                   memory=256, machine="q35"):
        return ["qemu-system-x86_64", "-machine", machine, "-accel", "kvm",
                "-cpu", cpu, "-m", str(memory), "-smp", str(smp),
                "-L", FIRMWARE, "-vga", "none", "-nic", "none", "-display", "none",
                "-no-reboot", "-monitor", "none",
                "-serial", f"file:{self.dom0_path(console)}",
                "-kernel", self.dom0_path(kernel), "-append", cmdline]

    def boot_guest(self, outdir, kernel="build/pvkit.elf", timeout=60, name="console",
                   **kw):
        """Boot the image under KVM to its end (or TIMEOUT seconds): a Run."""
        os.makedirs(outdir, exist_ok=True)
        console = os.path.join(outdir, f"{name}.log")
        if os.path.exists(console):
            os.remove(console)
        argv = self.guest_argv(kernel, console, **kw)
        with open(os.path.join(outdir, f"{name}.cmd"), "w") as f:
            f.write(shlex.join(argv) + "\n")
        t0 = time.monotonic()
        # QEMU exits 0 on a poweroff and (with -no-reboot) on a reset alike:
        # its shutdown trace event tells them apart (cause 6: guest shutdown).
        trace = "/tmp/qemu-shutdown.trace"
        rc, out = self.run(f"(rm -f {trace}; timeout -s KILL {timeout} {shlex.join(argv)} "
                           f"-trace qemu_system_shutdown_request -D {trace}; r=$?; "
                           f"cat {trace} 2>/dev/null; exit $r)", timeout=timeout + 30)
        seconds = time.monotonic() - t0
        if rc in (124, 137):
            stopped = "timeout"
        elif rc:
            stopped = f"exit-{rc}"
        else:
            stopped = "poweroff" if "shutdown_request reason=6" in out else "reset"
        try:
            with open(console, encoding="utf-8", errors="replace") as f:
                text = "\n".join(protocol.clean_lines(f.read()))
        except FileNotFoundError:
            text = ""
        if out.strip():
            with open(os.path.join(outdir, f"{name}.qemu-output"), "w") as f:
                f.write(out + "\n")
        return Run(stopped, seconds, text, protocol.parse(text), console)
