# SPDX-License-Identifier: MIT
"""A Xen host in QEMU: Xen and a Debian dom0, a root shell on its serial.
Xen 4.17 (Debian 12's) by default; version="4.20" (or PVKIT_XEN=4.20)
boots Debian 13's Xen 4.20 with its own dom0 initramfs (dom0/build.sh).

    host = XenHost(root=".", outdir="build/test-results/xen-host").boot()
    rc, out = host.run("xl list")
    g = host.guest("t-boot", cfg_path, outdir)     # see guest.py
    host.close()

The project tree is shared with dom0 over virtio 9p and mounted at /host
(dom0's working directory), so configs, kernels and logs are plain files
on both sides: a kernel= of "build/pvkit.elf" means the same file.  Every
command is typed at the dom0 shell; its output is framed by two markers
and comes back over the serial line.  Xen's 32-byte serial input ring
drops what dom0 does not read in time, so input goes in small chunks,
and a long command is written to a script under the share and sourced.
"""
import os
import re
import shlex
import subprocess
import time

import pexpect

MARK = "@@XEN-HOST@@"
XEN_CMDLINE = ("console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all "
               "dom0_mem=512M,max:512M dom0_max_vcpus=1 console_timestamps=boot "
               "serial_tx_buffer=256K")
DOM0_CMDLINE = "console=hvc0 earlyprintk=xen quiet panic=5"
SHARE = "/host"
CHUNK, CHUNK_PAUSE = 16, 0.03
SHORT_COMMAND = 60


class HostDied(Exception):
    """The Xen host stopped answering: its QEMU exited or its shell hung."""


class XenHost:
    NAME = "the Xen host"
    MARK = MARK
    WHAT = "Xen and dom0"           # what comes up, for the boot timeout's message
    CMD_DIR = "build/xen-host/cmd"  # where long commands are written for the shell
    BUILD = "tests/harness/dom0/build.sh"   # builds the images, prints KEY=path lines

    def __init__(self, root, outdir, boot_timeout=300, version=None):
        self.root = os.path.abspath(root)
        self.version = version or os.environ.get("PVKIT_XEN", "4.17")
        self.outdir = outdir
        self.boot_timeout = boot_timeout
        self.child = None
        self.seq = 0
        self.dead = None          # why, once the host died

    # ------------------------------------------------------------ boot
    def images(self):
        """Build (or reuse) the host's kernel and initramfs (and Xen); their
        paths.  The build script's messages (what it builds, what is
        missing) go to stderr as it runs."""
        p = subprocess.run([self.BUILD], cwd=self.root, stdout=subprocess.PIPE, text=True,
                           env=dict(os.environ, PVKIT_XEN=self.version))
        if p.returncode:
            raise RuntimeError(f"the images of {self.NAME} could not be built "
                               f"({self.BUILD}'s messages above)")
        return dict(ln.split("=", 1) for ln in p.stdout.split() if "=" in ln)

    def argv(self, img):
        def q(s):       # QEMU option values: a literal comma is ",,"
            return s.replace(",", ",,")
        return ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "qemu64,+svm,+npt",
                "-m", "2G", "-smp", "2", "-nographic", "-nodefaults",
                "-no-reboot", "-monitor", "none", "-serial", "stdio",
                "-kernel", q(img["XEN"]), "-append", XEN_CMDLINE,
                "-initrd", f"{q(img['DOM0_KERNEL'])} {q(DOM0_CMDLINE)},{q(img['INITRD'])}",
                "-virtfs", f"local,path={q(self.root)},mount_tag=pvkit,"
                           "security_model=none,id=pvkit"]

    def boot(self):
        os.makedirs(self.outdir, exist_ok=True)
        img = self.images()
        argv = self.argv(img)
        with open(os.path.join(self.outdir, "qemu.cmd"), "w") as f:
            f.write(shlex.join(argv) + "\n")
        self.serial_path = os.path.join(self.outdir, "serial.log")
        self._log = open(self.serial_path, "a", encoding="utf-8", errors="replace")
        self._log.write(f"\n===== booting {self.NAME} at {time.ctime()}\n")
        t0 = time.monotonic()
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=self.boot_timeout)
        self.child.logfile_read = self._log
        i = self._expect([f"{self.MARK} READY", f"{self.MARK} FATAL (.*?)\r?\n", pexpect.EOF],
                         self.boot_timeout, f"{self.WHAT} to come up")
        if i == 1:
            self._die(f"setup failed: {self.child.match.group(1)}")
        if i == 2:
            self._die(f"QEMU exited while {self.WHAT} were booting")
        self.boot_seconds = time.monotonic() - t0
        self.booted()
        return self

    def booted(self):
        rc, ver = self.run("xl info xen_version", timeout=30)
        self.xen_version = ver.strip()
        if not self.xen_version.startswith(self.version + "."):
            self._die(f"Xen {self.version} asked for, xl reports '{self.xen_version}'")
        return self

    def _expect(self, patterns, timeout, what):
        try:
            return self.child.expect(patterns, timeout=timeout)
        except pexpect.TIMEOUT:
            self._die(f"no answer within {timeout:.0f} s while waiting for {what}")

    def _die(self, why):
        self.dead = why
        self.close()
        raise HostDied(f"{self.NAME} died: {why} (serial log {self.serial_path})")

    def alive(self):
        return self.dead is None and self.child is not None and self.child.isalive()

    def close(self):
        if self.child is not None:
            if self.child.isalive():
                self.child.terminate(force=True)
            self.child.close()
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None

    # ------------------------------------------------------------ shell
    def dom0_path(self, path):
        """A host path inside the project tree, as dom0 sees it."""
        rel = os.path.relpath(os.path.abspath(path), self.root)
        if rel.startswith(".."):
            raise ValueError(f"{path} is outside the shared tree {self.root}")
        return f"{SHARE}/{rel}"

    def _type(self, text):
        for i in range(0, len(text), CHUNK):
            self.child.send(text[i:i + CHUNK])
            time.sleep(CHUNK_PAUSE)

    def run(self, command, timeout=60):
        """Run a command at the dom0 shell: (exit status, output)."""
        if not self.alive():
            raise HostDied(f"{self.NAME} is not running: {self.dead or 'not booted'}")
        self.seq += 1
        n = self.seq
        if len(command) > SHORT_COMMAND:
            script = os.path.join(self.root, self.CMD_DIR, f"{n}.sh")
            os.makedirs(os.path.dirname(script), exist_ok=True)
            with open(script, "w") as f:
                f.write(command + "\n")
            line = f". {self.dom0_path(script)}"
        else:
            line = command
        self._log.write(f"\n[dom0# {command}]\n")
        self._type(f"echo @@B{n}@@; {line}\r")
        self._type(f"echo @@E{n}=$?@@\r")
        self._expect([f"@@B{n}@@\r*\n"], timeout, f"'{command}' to start")
        self._expect([rf"@@E{n}=(\d+)@@"], timeout, f"'{command}' to finish")
        out = self.child.before
        rc = int(self.child.match.group(1))
        out = "\n".join(ln for ln in out.replace("\r", "").split("\n")
                        if not ln.startswith("(XEN)"))
        return rc, out.strip("\n")

    def check(self, command, timeout=60):
        """Run a command that must succeed: its output."""
        rc, out = self.run(command, timeout)
        if rc:
            raise AssertionError(f"dom0: '{command}' exited {rc}:\n{out}")
        return out

    def domains(self):
        """Names of the running domains other than dom0."""
        out = self.check("xl list")
        names = [ln.split()[0] for ln in out.splitlines()[1:] if ln.split()]
        return [n for n in names if n != "Domain-0"]

    # ----------------------------------------------- an interactive program
    def interact(self, command):
        """Start a command that takes the terminal (e.g. `xl console`)."""
        self._log.write(f"\n[dom0# {command}  (interactive)]\n")
        self._type(command + "\r")

    def expect(self, pattern, timeout=30):
        """Wait for output from an interactive command; the match."""
        self._expect([pattern], timeout, f"/{pattern}/ on the dom0 console")
        return self.child.match

    def type(self, text):
        self._type(text)

    def console_offset(self):
        return len(self.child.before or "")
