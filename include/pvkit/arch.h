/* SPDX-License-Identifier: MIT */
/*
 * The operations the core kernel uses, each one a recorded pv-op call site.
 * This (with the descriptor-table ops in <pvkit/desc.h>) is the only way
 * the core touches interrupt state, the CPU, the clock and the machine;
 * raw PVOP_* sites are used only inside kernel/paravirt/.
 */
#ifndef PVKIT_ARCH_H
#define PVKIT_ARCH_H

#include <pvkit/paravirt.h>

/* Whether the platform has capability cap (PV_CAP_*). */
static inline bool arch_has_cap(unsigned long cap)
{
	return pv_ops.caps & cap;
}

/* Irq sites are callee-save and long enough for a backend's inline code. */
static inline unsigned long arch_local_save_flags(void)
{
	return PVOP_CALLEE0(unsigned long, PV_SITE_SAVE_FL_LEN, irq.save_fl);
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	PVOP_VCALLEE1(PV_SITE_RESTORE_FL_LEN, irq.restore_fl, flags);
}

static inline void arch_local_irq_disable(void)
{
	PVOP_VCALLEE0(PV_SITE_IRQ_LEN, irq.irq_disable);
}

static inline void arch_local_irq_enable(void)
{
	PVOP_VCALLEE0(PV_SITE_IRQ_ENABLE_LEN, irq.irq_enable);
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static inline bool arch_irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
}

static inline void arch_safe_halt(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, irq.safe_halt);
}

static inline void arch_halt(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, irq.halt);
}

static inline void arch_cpuid(struct cpuid_regs *regs)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.cpuid, regs);
}

static inline uint64_t arch_rdtsc(void)
{
	return PVOP_CALL0(uint64_t, PV_SITE_CALL_LEN, cpu.rdtsc);
}

static inline void arch_write_gs_base(unsigned long base)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.write_gs_base, base);
}

/* The platform's part of a CPU's set-up, once %gs points at its area. */
static inline void arch_cpu_init(unsigned int cpu, struct percpu *area)
{
	PVOP_VCALL2(PV_SITE_CALL_LEN, init.cpu_init, cpu, area);
}

static inline unsigned long arch_read_cr2(void)
{
	return PVOP_CALLEE0(unsigned long, PV_SITE_IRQ_LEN, cpu.read_cr2);
}

static inline unsigned long arch_read_cr0(void)
{
	return PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, cpu.read_cr0);
}

static inline void arch_write_cr0(unsigned long cr0)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.write_cr0, cr0);
}

static inline void arch_write_cr4(unsigned long cr4)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.write_cr4, cr4);
}

static inline void arch_io_delay(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, cpu.io_delay);
}

static inline void arch_wbinvd(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, cpu.wbinvd);
}

static inline unsigned long arch_read_cr4(void)
{
	return PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, cpu.read_cr4);
}

static inline int arch_read_msr_safe(uint32_t msr, uint64_t *value)
{
	return (int)PVOP_CALL2(unsigned long, PV_SITE_CALL_LEN, cpu.read_msr_safe, msr, value);
}

static inline int arch_write_msr_safe(uint32_t msr, uint64_t value)
{
	return (int)PVOP_CALL2(unsigned long, PV_SITE_CALL_LEN, cpu.write_msr_safe, msr, value);
}

static inline uint64_t arch_read_pte(unsigned long va)
{
	return PVOP_CALL1(uint64_t, PV_SITE_CALL_LEN, mmu.read_pte, va);
}

#define ARCH_SET_ENTRY(name)						\
static inline long arch_##name(uint64_t *entryp, uint64_t value)	\
{									\
	return (long)PVOP_CALL2(unsigned long, PV_SITE_CALL_LEN, mmu.name, entryp, value); \
}
ARCH_SET_ENTRY(set_pte)
ARCH_SET_ENTRY(set_pmd)
ARCH_SET_ENTRY(set_pud)
ARCH_SET_ENTRY(set_pgd)

static inline uint64_t arch_make_pte(unsigned long pfn, uint64_t flags)
{
	return PVOP_CALL2(uint64_t, PV_SITE_CALL_LEN, mmu.make_pte, pfn, flags);
}

static inline unsigned long arch_pte_pfn(uint64_t pte)
{
	return PVOP_CALL1(unsigned long, PV_SITE_CALL_LEN, mmu.pte_pfn, pte);
}

static inline long arch_alloc_pt(unsigned long pfn, unsigned int level)
{
	return (long)PVOP_CALL2(unsigned long, PV_SITE_CALL_LEN, mmu.alloc_pt, pfn, level);
}

static inline long arch_release_pt(unsigned long pfn, unsigned int level)
{
	return (long)PVOP_CALL2(unsigned long, PV_SITE_CALL_LEN, mmu.release_pt, pfn, level);
}

static inline void arch_flush_tlb_one(unsigned long va)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, mmu.flush_tlb_one, va);
}

static inline void arch_flush_tlb_all(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, mmu.flush_tlb_all);
}

static inline unsigned long arch_read_cr3(void)
{
	return PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, mmu.read_cr3);
}

static inline void arch_lazy_mmu_begin(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, mmu.lazy_begin);
}

static inline long arch_lazy_mmu_end(void)
{
	return (long)PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, mmu.lazy_end);
}

static inline unsigned long arch_mmu_calls(void)
{
	return PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, mmu.mmu_calls);
}

static inline void arch_set_text_writable(bool writable)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, mmu.set_text_writable, writable);
}

static inline uint64_t arch_clock_ns(void)
{
	return PVOP_CALL0(uint64_t, PV_SITE_CALL_LEN, time.clock_ns);
}

static inline void arch_set_timer(uint64_t deadline_ns)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, time.set_timer, deadline_ns);
}

static inline void arch_console_write(const char *buf, size_t len)
{
	PVOP_VCALL2(PV_SITE_CALL_LEN, misc.console_write, buf, len);
}

static inline size_t arch_console_read(char *buf, size_t len)
{
	return PVOP_CALL2(size_t, PV_SITE_CALL_LEN, misc.console_read, buf, len);
}

static inline enum host_request arch_host_request(void)
{
	return (enum host_request)PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, misc.host_request);
}

static inline long arch_cpu_up(unsigned int cpu, unsigned long stack_top)
{
	return PVOP_CALL2(long, PV_SITE_CALL_LEN, smp.cpu_up, cpu, stack_top);
}

static inline void arch_send_ipi(unsigned int cpu)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, smp.send_ipi, cpu);
}

static inline void arch_spin_wait(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, smp.spin_wait);
}

static inline long arch_suspend(void)
{
	return PVOP_CALL0(long, PV_SITE_CALL_LEN, misc.suspend);
}

static inline void __noreturn arch_poweroff(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, misc.poweroff);
	__builtin_unreachable();
}

static inline void __noreturn arch_reboot(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, misc.reboot);
	__builtin_unreachable();
}

static inline void __noreturn arch_crash(void)
{
	PVOP_VCALL0(PV_SITE_CALL_LEN, misc.crash);
	__builtin_unreachable();
}

/*
 * The two ends of an exception entry written in assembly (kernel/
 * trap-entry.c): ARCH_SITE_ASM in the asm template, with the operands of
 * the op it calls.  adjust_exception_frame's code may set %rcx and %r11
 * (Xen restores them from its frame); iret does not come back.
 */
#define ARCH_SITE_ASM	PVOP_SITE_ASM
#define ARCH_ADJUST_EXCEPTION_FRAME_OPERANDS				\
	PVOP_SITE_INPUTS(cpu.adjust_exception_frame, PV_SITE_CALL_LEN,	\
			 PV_CLOBBER_RCX | PV_CLOBBER_R11)
#define ARCH_IRET_OPERANDS						\
	PVOP_SITE_INPUTS(cpu.iret, PV_SITE_CALL_LEN, PV_CLOBBER_ABI)

#endif
