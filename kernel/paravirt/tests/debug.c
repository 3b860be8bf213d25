/* SPDX-License-Identifier: MIT */
/* In a DEBUG_PARAVIRT build, a call that is not inlined really poisons. */
#include <pvkit/arch.h>
#include <pvkit/selftest.h>

#ifdef DEBUG_PARAVIRT
SELFTEST(test_debug_poison, "debug.clobbers_poisoned", NULL)
{
	register unsigned long sp __asm__("rsp");
	unsigned long rcx_after, r11_after;

	/* clock_ns is never inlined: its site always reaches the thunk. */
	__asm__ __volatile__("mov $0x1111, %%ecx\n\t"
			     "mov $0x2222, %%r11d\n\t"
			     PVOP_SITE_ASM
			     "mov %%rcx, %[rcx]\n\t"
			     "mov %%r11, %[r11]\n\t"
			     : [rcx] "=m"(rcx_after), [r11] "=m"(r11_after), "+r"(sp)
			     : PVOP_SITE_INPUTS(time.clock_ns, PV_SITE_CALL_LEN, PV_CLOBBER_ABI)
			     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			       "memory", "cc");
	CHECK(rcx_after == 0xdeadbeefdeadbeefUL && r11_after == 0xdeadbeefdeadbeefUL,
	      "rcx %#lx r11 %#lx after clock_ns: not poisoned", rcx_after, r11_after);
}
#endif
