# SPDX-License-Identifier: MIT
"""Why a QEMU machine stopped, from its QMP events.

With -no-reboot, QEMU exits on a guest poweroff and on a guest reset
alike; its SHUTDOWN event says which ("guest-shutdown", "guest-reset",
"guest-panic").  A thread reads the events until QEMU closes the socket.
"""
import json
import socket
import threading
import time


class EventReader:
    def __init__(self, path, connect_timeout=10):
        self.events = []
        self._sock = None
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"QEMU's QMP socket {path} did not answer")
                time.sleep(0.05)
        self._sock = s
        self._file = s.makefile("rwb", buffering=0)
        self._file.readline()                       # the greeting
        self._file.write(b'{"execute": "qmp_capabilities"}\n')
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        try:
            for line in self._file:
                msg = json.loads(line)
                if "event" in msg:
                    self.events.append(msg)
        except (OSError, ValueError):
            pass

    def shutdown_reason(self, wait=2.0):
        """"poweroff", "reset", "panic", another QEMU reason, or None."""
        self._thread.join(wait)
        for e in self.events:
            if e["event"] == "SHUTDOWN":
                r = e.get("data", {}).get("reason", "")
                return {"guest-shutdown": "poweroff", "guest-reset": "reset",
                        "guest-panic": "panic"}.get(r, r)
        return None

    def close(self):
        if self._sock:
            self._sock.close()
