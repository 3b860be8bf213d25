/*
 * Native checks against the hardware state: EFLAGS.IF read with pushf here
 * in the native backend, and the bytes the patcher put at irq sites.
 */
#include <pvkit/arch.h>
#include <pvkit/patch.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>
#include "native.h"

static bool hw_interrupts_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushf; pop %0" : "=r"(flags) :: "memory");
	return flags & X86_EFLAGS_IF;
}

SELFTEST(test_native_if_flag, "native.irq_ops_set_eflags_if", "native")
{
	unsigned long saved = arch_local_irq_save();

	CHECK(!hw_interrupts_enabled(), "EFLAGS.IF set after irq_save");
	arch_local_irq_enable();
	CHECK(hw_interrupts_enabled(), "EFLAGS.IF clear after irq_enable");
	arch_local_irq_disable();
	CHECK(!hw_interrupts_enabled(), "EFLAGS.IF set after irq_disable");
	arch_local_irq_restore(X86_EFLAGS_IF);
	CHECK(hw_interrupts_enabled(), "EFLAGS.IF clear after restore_fl(IF)");
	arch_local_irq_restore(saved);
}

/* inline: cli + NOPs; call: call native_irq_disable; off: the indirect call. */
SELFTEST(test_native_irq_disable_sites, "native.irq_disable_sites", "native")
{
	static const uint8_t cli[] = { 0xfa };

	selftest_check_op_sites(PV_OP_irq_disable, cli, sizeof(cli), native_irq_disable);
}
