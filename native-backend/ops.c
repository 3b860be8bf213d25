/* SPDX-License-Identifier: MIT */
/* The native paravirt_ops: the real instructions. */
#include <pvkit/boot.h>
#include <pvkit/msr.h>
#include <pvkit/patch.h>
#include <pvkit/native-hvm.h>
#include "native.h"

/* sti's one-instruction shadow keeps an interrupt from slipping in before hlt. */
static void native_safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static void native_halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

void native_cpuid(struct cpuid_regs *r)
{
	__asm__ __volatile__("cpuid"
			     : "+a"(r->eax), "=b"(r->ebx), "+c"(r->ecx), "=d"(r->edx));
}

/* The kernel's %gs base: MSR_GS_BASE (no swapgs: pvkit has no user mode). */
static void native_write_gs_base(unsigned long base)
{
	__asm__ __volatile__("wrmsr" :: "c"(0xc0000101), "a"((uint32_t)base),
			     "d"((uint32_t)(base >> 32)));
}

/* No host to ask us anything (an ACPI power button would go here). */
static unsigned long native_host_request(void)
{
	return HOST_NONE;
}

/* A spin-wait turn: pause tells the core a sibling thread may have it. */
static void native_spin_wait(void)
{
	__builtin_ia32_pause();
}

/* Nobody natively saves the machine's state for us to resume from. */
static long native_suspend(void)
{
	return -95;	/* EOPNOTSUPP */
}

static unsigned long native_console_read(char *buf, size_t len)
{
	return native_serial_read(buf, len);
}

static void native_console_write(const char *buf, size_t len)
{
	native_serial_write(buf, len);
}

const struct paravirt_ops native_ops = {
	.name = "native",
	.caps = 0,
	.init = {
		.setup = native_setup,
		.cpu_init = native_cpu_init,	/* this CPU's local APIC */
		.patch = native_patch,
	},
	.irq = {
		.save_fl = native_save_fl,
		.restore_fl = native_restore_fl,
		.irq_disable = native_irq_disable,
		.irq_enable = native_irq_enable,
		.safe_halt = native_safe_halt,
		.halt = native_halt,
	},
	.cpu = {
		.cpuid = native_cpuid,
		.rdtsc = native_rdtsc,
		.write_gs_base = native_write_gs_base,
		.read_cr2 = native_read_cr2,
		.null_trap = native_null_trap,
		.read_cr0 = native_read_cr0,
		.write_cr0 = native_write_cr0,
		.read_cr4 = native_read_cr4,
		.read_msr_safe = native_read_msr_safe,	/* see pvkit/msr.h */
		.write_msr_safe = native_write_msr_safe,
		.write_cr4 = native_write_cr4,
		.load_gdt = native_load_gdt,
		.store_gdt = native_store_gdt,
		.write_gdt_entry = native_write_desc_entry,
		.set_ldt = native_set_ldt,
		.write_ldt_entry = native_write_desc_entry,
		.load_tr = native_load_tr,
		.store_tr = native_store_tr,
		.load_idt = native_load_idt,
		.store_idt = native_store_idt,
		.write_idt_entry = native_write_idt_entry,
		.adjust_exception_frame = paravirt_nop,	/* the hardware's frame already */
		.iret = native_iret,
		.load_sp0 = native_load_sp0,
		.io_delay = native_io_delay,
		.wbinvd = native_wbinvd,
	},
	.time = {
		.clock_ns = native_clock_ns,
		.set_timer = native_set_timer,
	},
	.mmu = {
		.set_text_writable = native_set_text_writable,
		.read_pte = native_read_pte,
		.write_pte = native_write_pte,
		.set_pte = native_set_entry,
		.set_pmd = native_set_entry,
		.set_pud = native_set_entry,
		.set_pgd = native_set_entry,
		.make_pte = native_make_pte,
		.pte_pfn = native_pte_pfn,
		.alloc_pt = native_pt_nothing,
		.release_pt = native_pt_nothing,
		.flush_tlb_one = native_flush_tlb_one,
		.flush_tlb_all = native_flush_tlb_all,
		.read_cr3 = native_read_cr3,
		.lazy_begin = (void *)paravirt_nop,
		.lazy_end = native_lazy_end,
		.mmu_calls = native_mmu_calls,
	},
	.misc = {
		.console_write = native_console_write,
		.console_read = native_console_read,
		.host_request = native_host_request,
		.suspend = native_suspend,
		.poweroff = native_poweroff,
		.reboot = native_reboot,
		.crash = native_crash,
	},
	.smp = {
		.cpu_up = native_cpu_up,
		.send_ipi = native_send_ipi,
		.spin_wait = native_spin_wait,
	},
};
