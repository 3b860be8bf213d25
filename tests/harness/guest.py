# SPDX-License-Identifier: MIT
"""One domU on a XenHost: created with `xl create -F`, watched, acted on.

    g = Guest(host, "t-boot", "build/test-results/x/guest.cfg", outdir).start()
    g.wait_for("Test result: SUCCESS")
    host.check(f"xl shutdown {g.name}")
    run = g.wait_end(timeout=60)      # GuestRun: reason, console, result

`xl create -F` runs in the background in dom0 with its output in
OUTDIR/xl.log and its exit status in OUTDIR/xl.rc; xenconsoled logs the
guest's PV console into build/xen-host/console/guest-NAME.log, which is
copied to OUTDIR/console.log at the end.  A guest that outlives its
timeout is dumped with xenctx and destroyed: its reason is "timeout".
"""
import dataclasses
import os
import re
import shutil
import time

from . import protocol

POLL = 0.1
REASONS = {0: "poweroff", 1: "reboot", 2: "suspend", 3: "crash", 4: "watchdog",
           5: "soft_reset"}


@dataclasses.dataclass
class GuestRun:
    reason: str             # poweroff, reboot, suspend, crash, ..., timeout
    log: str                # the console, every domain of this name
    xl_log: str
    result: protocol.Result
    path: str

    @property
    def last_line(self):
        return protocol.last_line(self.log)

    @property
    def boots(self):
        return protocol.results(self.log)


class Guest:
    def __init__(self, host, name, cfg, outdir, timeout=60):
        self.host, self.name, self.cfg = host, name, cfg
        self.outdir, self.timeout = outdir, timeout
        self.console_path = os.path.join(host.root, "build/xen-host/console",
                                         f"guest-{name}.log")
        self.xl_log = os.path.join(outdir, "xl.log")
        self.rc_path = os.path.join(outdir, "xl.rc")
        self.ended = None

    def start(self, command="create -F"):
        """xl create -F (or another xl command that runs the domain, e.g.
        restore -F) in the background."""
        os.makedirs(self.outdir, exist_ok=True)
        for p in (self.console_path, self.rc_path):
            if os.path.exists(p):
                os.remove(p)
        self.t0 = time.monotonic()
        self._xl_background(f"{command} {self.host.dom0_path(self.cfg)}")
        return self

    def _xl_background(self, args):
        d = self.host.dom0_path(self.outdir)
        self.host.check(f"(xl {args} >>{d}/xl.log 2>&1 </dev/null; echo $? >{d}/xl.rc) "
                        f">/dev/null 2>&1 &")

    def console(self):
        try:
            with open(self.console_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def running(self):
        return not os.path.exists(self.rc_path)

    def remaining(self):
        return max(1.0, self.timeout - (time.monotonic() - self.t0))

    def wait_for(self, text, since=0, timeout=None):
        """Wait until the console shows TEXT after offset SINCE; its end offset."""
        deadline = time.monotonic() + (timeout or self.remaining())
        while True:
            c = self.console()
            i = c.find(text, since)
            if i >= 0:
                return i + len(text)
            if not self.running():
                raise AssertionError(f"guest {self.name} ended before its console "
                                     f"showed '{text}'; see {self.outdir}")
            if time.monotonic() > deadline:
                raise AssertionError(f"guest {self.name}: no '{text}' on its console "
                                     f"in time; see {self.console_path}")
            time.sleep(POLL)

    def wait_end(self, timeout=None):
        """Wait until xl create -F returns (destroying the guest after the
        timeout); a GuestRun."""
        deadline = time.monotonic() + (timeout or self.remaining())
        reason = None
        while self.running():
            if time.monotonic() > deadline:
                reason = "timeout"
                self._destroy()
                break
            time.sleep(POLL)
        return self.finish(reason)

    def _destroy(self):
        """Where it is stuck (every vCPU's registers), then xl destroy."""
        d = self.host.dom0_path(self.outdir)
        self.host.run(f"xenctx -a -C $(xl domid {self.name}) >{d}/xenctx.txt 2>&1")
        self.host.run(f"xl destroy {self.name}")
        end = time.monotonic() + 30
        while self.running() and time.monotonic() < end:
            time.sleep(POLL)

    def finish(self, reason=None):
        # xl create -F cleans up a domain that shut down; one it did not see
        # end (a timeout, a test that stopped early) is destroyed here.
        if (reason or self.running()) and self.host.alive() \
                and self.name in self.host.domains():
            self.host.run(f"xl destroy {self.name}")
        self._settle()
        xl = open(self.xl_log).read() if os.path.exists(self.xl_log) else ""
        if reason is None:
            codes = re.findall(r"has shut down, reason code (\d+)", xl)
            reason = REASONS.get(int(codes[-1]), f"code-{codes[-1]}") if codes \
                else "create-failed"
        text = "\n".join(protocol.clean_lines(self.console()))
        path = os.path.join(self.outdir, "console.log")
        with open(path, "w") as f:
            f.write(text)
        self.ended = GuestRun(reason, text, xl, protocol.parse(text), path)
        return self.ended

    def _settle(self):
        """xenconsoled may still be draining the ring when xl returns."""
        prev, same = -1, 0
        for _ in range(50):
            size = len(self.console())
            same = same + 1 if size == prev else 0
            if same >= 3:
                return
            prev = size
            time.sleep(0.1)

    # ------------------------------------------------------ what a user does
    def xl(self, args, timeout=60):
        return self.host.check(f"xl {args}", timeout)

    def save_restore(self, checkpoint="/tmp/checkpoint"):
        """xl save, wait for xl create -F to see the suspend, xl restore -F."""
        self.xl(f"save {self.name} {checkpoint}", timeout=120)
        end = time.monotonic() + 30
        while self.running() and time.monotonic() < end:
            time.sleep(POLL)
        assert not self.running(), "xl create -F did not return after xl save"
        os.remove(self.rc_path)
        self._xl_background(f"restore -F {checkpoint}")

    def save_restore_and_shutdown(self, ready):
        """The whole round trip a user makes: xl save and xl restore, wait
        for `ready` from the restored kernel, xl shutdown.  Returns the run
        and its two reporting boots (before and after)."""
        size = len(self.console())
        self.save_restore()
        assert "has shut down, reason code 2" in open(self.xl_log).read(), \
            "xl save saw no suspend"
        self.wait_for(ready, since=size)
        self.xl(f"shutdown {self.name}")
        run = self.wait_end()
        boots = [b for b in run.boots if b.verdict]
        assert [b.verdict for b in boots] == ["SUCCESS", "SUCCESS"]
        return run, boots
