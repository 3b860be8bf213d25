# SPDX-License-Identifier: MIT
# gdb on QEMU's gdbstub (make gdb): pvkit's symbols, a breakpoint in
# pvkit_main, and the stub's port from PVKIT_GDB_PORT (default 1234).
#   gdb -x tools/pvkit.gdb          (from the project root)
#
# QEMU enters the image at its PVH entry in 32-bit protected mode: the
# architecture is named before connecting, so that gdb reads the stub's
# registers as x86-64 whatever mode the CPU is in when it stops.  The
# breakpoint is a hardware one (a debug register): it needs nothing
# written into guest memory, so it holds also where the image is put in
# place after gdb attached (a boot loader loading it: make iso).
set pagination off
set confirm off
set architecture i386:x86-64
file build/pvkit.elf
source tools/pvkit-gdb.py
python
import os
gdb.execute("target remote localhost:" + os.environ.get("PVKIT_GDB_PORT", "1234"))
end
hbreak pvkit_main
continue
