# SPDX-License-Identifier: MIT
"""make run-native / run-xen / run-pvh / run-kvm: one boot, its log, and its result.

    python3 tests/harness/run.py native|xen|pvh|kvm [OUTDIR]

native boots build/pvkit.elf under QEMU (q35, TCG); xen boots the Xen
host and runs `xl create -F domU-configs/pvkit.cfg`, pvh the same with
domU-configs/pvkit-pvh.cfg (the image as a PVH domU); kvm boots the KVM
host (kvm-amd in QEMU TCG) and the image in it under real KVM with 2
vCPUs.  PVKIT_CMDLINE sets
the kernel command line (the config's extra= on Xen).  Prints the log from
the kernel's first line and how the boot ended; exit 0 on SUCCESS.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
os.chdir(ROOT)

from harness import guest, guestcfg, kvmhost, qemu, xenhost  # noqa: E402

CMDLINE = os.environ.get("PVKIT_CMDLINE", "")


def from_kernel(log):
    lines = log.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.startswith("pvkit")), 0)
    return "\n".join(lines[first:])


def native(out):
    print("pvkit: booting natively: qemu-system-x86_64 -machine q35 -accel tcg "
          "-cpu qemu64 -kernel build/pvkit.elf", file=sys.stderr)
    run = qemu.boot(out, machine="q35", cmdline=CMDLINE, timeout=180)
    print(from_kernel(run.log))
    print(f"pvkit: machine stopped: {run.stopped}", file=sys.stderr)
    return run.result.verdict == "SUCCESS" and run.stopped == "poweroff"


def xen(out, cfg="domU-configs/pvkit.cfg"):
    name = "pvkit-pvh" if cfg.endswith("-pvh.cfg") else "pvkit"     # the config's name=
    print("pvkit: booting Xen 4.17 + dom0 in QEMU, then xl create -F " + cfg,
          file=sys.stderr)
    os.makedirs(out, exist_ok=True)
    if CMDLINE:
        cfg = guestcfg.write(os.path.join(out, "pvkit.cfg"), template=cfg, extra=CMDLINE)
    host = xenhost.XenHost(ROOT, out)
    try:
        host.boot()
        print(f"pvkit: Xen {host.xen_version} up in {host.boot_seconds:.0f} s",
              file=sys.stderr)
        g = guest.Guest(host, name, cfg, out, timeout=240).start()
        run = g.wait_end()
    except xenhost.HostDied as e:
        print(f"pvkit: {e}", file=sys.stderr)
        return False
    finally:
        host.close()
    print(run.log)
    print(f"pvkit: domain shut down: {run.reason}", file=sys.stderr)
    return run.result.verdict == "SUCCESS" and run.reason == "poweroff"


def kvm(out):
    print("pvkit: booting the KVM host in QEMU, then qemu-system-x86_64 -accel kvm "
          "-cpu host -smp 2 -kernel build/pvkit.elf in it", file=sys.stderr)
    host = kvmhost.KvmHost(ROOT, os.path.join(out, "host"))
    try:
        host.boot()
        print(f"pvkit: KVM host (Linux {host.kernel_version}) up in "
              f"{host.boot_seconds:.0f} s", file=sys.stderr)
        run = host.boot_guest(out, smp=2, cmdline=CMDLINE, timeout=180)
    except kvmhost.HostDied as e:
        print(f"pvkit: {e}", file=sys.stderr)
        return False
    finally:
        host.close()
    print(from_kernel(run.log))
    print(f"pvkit: machine stopped: {run.stopped}", file=sys.stderr)
    return run.result.verdict == "SUCCESS" and run.stopped == "poweroff"


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in ("native", "xen", "pvh", "kvm"):
        sys.exit(__doc__)
    out = sys.argv[2] if len(sys.argv) == 3 else f"build/run/{sys.argv[1]}"
    if sys.argv[1] == "native":
        ok = native(out)
    elif sys.argv[1] == "kvm":
        ok = kvm(out)
    else:
        ok = xen(out, "domU-configs/pvkit-pvh.cfg" if sys.argv[1] == "pvh" else
                 "domU-configs/pvkit.cfg")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
