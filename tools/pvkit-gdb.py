# SPDX-License-Identifier: MIT
"""gdb's unwinder for pvkit's hypercall page (loaded by tools/pvkit.gdb, or
`gdb -x tools/pvkit-gdb.py build/pvkit.elf CORE`).

Xen writes the page at run time, one 32-byte stub per hypercall, so the
image carries no unwind table for it, and a vCPU that sits in a hypercall
(SCHEDOP_block while idle) stops inside a stub that has pushed registers
(PV: %rcx and %r11 around syscall).  gdb's prologue guess then takes a
saved register for the return address.  This unwinder reads the stub as
Xen wrote it, from its start up to the stopped %rip, counts what it
pushed and popped, and gives the caller's %rip and %rsp and the pushed
registers' saved values.  A stub with an instruction it does not know is
left to gdb.
"""
import gdb
from gdb.unwinder import Unwinder, register_unwinder

STUB = 32
REGS = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]


class FrameId:
    def __init__(self, sp, pc):
        self.sp, self.pc = sp, pc


def stack_effect(code):
    """The registers a stub's code pushed and has not popped, in push
    order; None if the code holds an instruction this does not decode."""
    pushed, i = [], 0
    while i < len(code):
        rex_b = 8 if code[i] == 0x41 else 0
        op = code[i + 1] if rex_b and i + 1 < len(code) else code[i]
        size = 2 if rex_b else 1
        if 0x50 <= op <= 0x57:
            pushed.append(REGS[rex_b + op - 0x50])
        elif 0x58 <= op <= 0x5f:
            if not pushed:
                return None
            pushed.pop()
        elif not rex_b and 0xb8 <= op <= 0xbf:
            size = 5                                   # mov $imm32, %e?x
        elif not rex_b and code[i:i + 2] == b"\x0f\x05":
            size = 2                                   # syscall
        elif not rex_b and code[i:i + 2] == b"\x0f\x01":
            size = 3                                   # vmcall, vmmcall
        else:
            return None
        i += size
    return pushed


class HypercallPage(Unwinder):
    def __init__(self):
        super().__init__("pvkit hypercall page")

    def __call__(self, frame):
        try:
            page = int(gdb.parse_and_eval("&hypercall_page").cast(
                gdb.lookup_type("unsigned long")))
        except gdb.error:
            return None
        pc_val = frame.read_register("rip")
        pc = int(pc_val.cast(gdb.lookup_type("unsigned long")))
        if not page <= pc < page + 4096:
            return None
        start = pc & ~(STUB - 1)
        inferior = gdb.selected_inferior()
        try:
            code = bytes(inferior.read_memory(start, pc - start))
        except gdb.MemoryError:
            return None
        pushed = stack_effect(code)
        if pushed is None:
            return None
        sp_val = frame.read_register("rsp")
        sp = int(sp_val.cast(gdb.lookup_type("unsigned long")))
        depth = 8 * len(pushed)
        ulong = gdb.lookup_type("unsigned long")

        def word(addr):
            return int.from_bytes(bytes(inferior.read_memory(addr, 8)), "little")

        info = frame.create_unwind_info(FrameId(gdb.Value(sp + depth + 8).cast(sp_val.type),
                                                gdb.Value(start).cast(pc_val.type)))
        info.add_saved_register("rip", gdb.Value(word(sp + depth)).cast(pc_val.type))
        info.add_saved_register("rsp", gdb.Value(sp + depth + 8).cast(sp_val.type))
        saved = {reg: word(sp + 8 * n) for n, reg in enumerate(reversed(pushed))}
        # A register left out would read as optimized out in the caller:
        # the stub changed none but those it pushed (and %rsp, %rip).
        for reg in REGS:
            if reg in saved:
                info.add_saved_register(reg, gdb.Value(saved[reg]).cast(ulong))
            elif reg != "rsp":
                info.add_saved_register(reg, frame.read_register(reg))
        return info


register_unwinder(None, HypercallPage(), replace=True)
