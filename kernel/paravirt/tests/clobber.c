/* SPDX-License-Identifier: MIT */
/*
 * The callee-save contract of the irq sites, checked on the sites as they
 * are (indirect, direct or inline): every register but %rax keeps its value.
 * Each probe is itself a recorded site, so the patcher rewrote it too.
 */
#include <pvkit/arch.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>

#define NR_REGS 8
static const char *const reg_names[NR_REGS] = {
	"rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
};

#define PATTERN(i) (0x5a5a000000000000UL | ((unsigned long)(i) << 32) | 0x1234)

#define CLOBBER_PROBE(name, op, rdi_value, len)				\
static void name(unsigned long *out)					\
{									\
	register unsigned long sp __asm__("rsp");			\
	__asm__ __volatile__(						\
		"movabs %[p0], %%rcx\n\t"				\
		"movabs %[p1], %%rdx\n\t"				\
		"movabs %[p2], %%rsi\n\t"				\
		"movabs %[p3], %%rdi\n\t"				\
		"movabs %[p4], %%r8\n\t"				\
		"movabs %[p5], %%r9\n\t"				\
		"movabs %[p6], %%r10\n\t"				\
		"movabs %[p7], %%r11\n\t"				\
		PVOP_SITE_ASM						\
		"mov %%rcx, 0(%%rbx)\n\t"				\
		"mov %%rdx, 8(%%rbx)\n\t"				\
		"mov %%rsi, 16(%%rbx)\n\t"				\
		"mov %%rdi, 24(%%rbx)\n\t"				\
		"mov %%r8, 32(%%rbx)\n\t"				\
		"mov %%r9, 40(%%rbx)\n\t"				\
		"mov %%r10, 48(%%rbx)\n\t"				\
		"mov %%r11, 56(%%rbx)\n\t"				\
		: "+r"(sp)						\
		: "b"(out), [p0] "i"(PATTERN(0)), [p1] "i"(PATTERN(1)),	\
		  [p2] "i"(PATTERN(2)), [p3] "i"(rdi_value),		\
		  [p4] "i"(PATTERN(4)), [p5] "i"(PATTERN(5)),		\
		  [p6] "i"(PATTERN(6)), [p7] "i"(PATTERN(7)),		\
		  PVOP_SITE_INPUTS(op, len, PV_CLOBBER_CALLEE_SAVE)	\
		: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",	\
		  "r11", "memory", "cc");				\
}

CLOBBER_PROBE(probe_irq_disable, irq.irq_disable, PATTERN(3), PV_SITE_IRQ_LEN)
CLOBBER_PROBE(probe_save_fl, irq.save_fl, PATTERN(3), PV_SITE_SAVE_FL_LEN)
CLOBBER_PROBE(probe_restore_fl_off, irq.restore_fl, 0UL, PV_SITE_RESTORE_FL_LEN)
CLOBBER_PROBE(probe_restore_fl_on, irq.restore_fl, X86_EFLAGS_IF, PV_SITE_RESTORE_FL_LEN)
CLOBBER_PROBE(probe_irq_enable, irq.irq_enable, PATTERN(3), PV_SITE_IRQ_ENABLE_LEN)

static void check_probe(const char *op, void (*probe)(unsigned long *), unsigned long rdi)
{
	unsigned long out[NR_REGS];

	probe(out);
	for (int i = 0; i < NR_REGS; i++) {
		unsigned long want = i == 3 ? rdi : PATTERN(i);

		CHECK(out[i] == want, "%s changed %%%s: %#lx -> %#lx", op, reg_names[i],
		      want, out[i]);
	}
}

/* Also for a backend's test that makes irq_enable take its slow path (Xen: an event pending). */
void selftest_check_irq_enable_keeps_registers(void)
{
	check_probe("irq_enable", probe_irq_enable, PATTERN(3));
}

void selftest_check_restore_fl_on_keeps_registers(void)
{
	check_probe("restore_fl(on)", probe_restore_fl_on, X86_EFLAGS_IF);
}

void selftest_check_masking_irq_sites_keep_registers(void)
{
	check_probe("irq_disable", probe_irq_disable, PATTERN(3));
	check_probe("save_fl", probe_save_fl, PATTERN(3));
	check_probe("restore_fl(off)", probe_restore_fl_off, 0);
}

SELFTEST(test_irq_sites_callee_save, "irq.sites_keep_registers", NULL)
{
	unsigned long flags = arch_local_irq_save();

	selftest_check_masking_irq_sites_keep_registers();
	selftest_check_restore_fl_on_keeps_registers();
	selftest_check_irq_enable_keeps_registers();
	arch_local_irq_restore(flags);
}
