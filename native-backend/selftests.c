/* SPDX-License-Identifier: MIT */
/*
 * Native checks against the hardware state: EFLAGS.IF read with pushf here
 * in the native backend, and the bytes the patcher put at irq sites.
 */
#include <pvkit/arch.h>
#include <pvkit/patch.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>
#include "native.h"

#define PTE_RW	0x002
#define CR0_WP	0x00010000

extern uint64_t native_pt[512];
extern const char __image_start[], __text_end[];

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

/* After patching, text has no RW bit and CR0.WP makes that bind ring 0. */
SELFTEST(test_native_text_read_only, "native.text_read_only", "native")
{
	unsigned long cr0;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
	CHECK(cr0 & CR0_WP, "CR0.WP is clear (cr0 %#lx)", cr0);
	for (uintptr_t va = (uintptr_t)__image_start; va < (uintptr_t)__text_end; va += PAGE_SIZE)
		CHECK(!(native_pt[va >> PAGE_SHIFT] & PTE_RW), "text page %#lx is writable",
		      (unsigned long)va);
	CHECK(native_pt[(uintptr_t)&pv_ops >> PAGE_SHIFT] & PTE_RW, "data page is read-only");
}

/* Every interrupt comes through the local APIC: the legacy PICs are all masked. */
SELFTEST(test_native_pic_masked, "native.legacy_pic_masked", "native")
{
	uint16_t masks = native_pic_masks();

	CHECK(masks == 0xffff, "8259 masks are %#x, want 0xffff", masks);
}

#define PIT_TEST_MS	40
#define PIT_TEST_TRIES	3

/*
 * The clock's rate against the PIT, a source of its own (1.193182 MHz):
 * clock_ns over 40 PIT milliseconds must be 40 ms within 15%.  The
 * calibration counted 10 ms of the same channel; a wrong frequency or
 * conversion shows here.  A sample can still be skewed by the host (see
 * pit_ch2_sample): one of three tries must be within 15%; a rate 20% off
 * still fails.
 */
SELFTEST(test_native_clock_vs_pit, "native.clock_rate_matches_pit", "native")
{
	uint64_t ns = 0, want = PIT_TEST_MS * 1000000ULL;

	for (int i = 0; i < PIT_TEST_TRIES; i++) {
		ns = native_clock_ns_over_pit_ms(PIT_TEST_MS);
		if (!ns || (ns > want - want * 3 / 20 && ns < want + want * 3 / 20))
			break;
	}
	CHECK(ns, "PIT channel 2 did not count down");
	CHECK(!ns || (ns > want - want * 3 / 20 && ns < want + want * 3 / 20),
	      "%u ms of the PIT took %lu us of clock_ns (the last of %d tries)", PIT_TEST_MS,
	      (unsigned long)(ns / 1000), PIT_TEST_TRIES);
}
