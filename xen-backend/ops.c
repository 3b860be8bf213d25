/* SPDX-License-Identifier: MIT */
/* The Xen PV paravirt_ops. */
#include <pvkit/boot.h>
#include <pvkit/msr.h>
#include <pvkit/patch.h>
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include "xen.h"

/* SCHEDOP_block clears the mask and blocks in one step: no lost wakeup. */
static void xen_safe_halt(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/*
 * hlt with the state as is.  With events masked, block without unmasking:
 * SCHEDOP_poll on no ports waits for any event and leaves the mask alone.
 * (VCPUOP_down would be wrong: Xen powers a domain off when its last vCPU
 * goes down, turning a hang into a clean shutdown.)
 */
static void xen_halt(void)
{
	struct sched_poll poll = { .nr_ports = 0, .timeout = 0 };

	if (READ_ONCE(xen_this_vcpu()->evtchn_upcall_mask))
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	else
		xen_safe_halt();
}

/* The forced-emulation prefix makes Xen apply the domain's CPUID policy. */
static void xen_cpuid(struct cpuid_regs *r)
{
	__asm__ __volatile__("ud2a; .ascii \"xen\"; cpuid"
			     : "+a"(r->eax), "=b"(r->ebx), "+c"(r->ecx), "=d"(r->edx));
}

unsigned long xen_read_cr2(void)
{
	return READ_ONCE(xen_this_vcpu()->arch.cr2);
}

/* The kernel's %gs base: the per-cpu area (percpu-gs/). */
static void xen_write_gs_base(unsigned long base)
{
	long rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, base);

	if (rc)
		panic("set_segment_base(GS_KERNEL, %#lx) failed: %ld", base, rc);
}

/* The cheapest hypercall: into Xen and back. */
void xen_null_trap(void)
{
	HYPERVISOR_xen_version(XENVER_version, NULL);
}

/* A PV guest owns only CR0.TS, through fpu_taskswitch. */
#define CR0_TS 0x8UL
static void xen_write_cr0(unsigned long cr0)
{
	long rc = xen_hypercall1(__HYPERVISOR_fpu_taskswitch, (cr0 & CR0_TS) ? 1 : 0);

	if (rc)
		panic("fpu_taskswitch failed: %ld", rc);
}

const struct paravirt_ops xen_pv_ops = {
	.name = "xen-pv",
	.caps = PV_CAP_LAZY_MMU_BATCH | PV_CAP_NO_GUEST_TSS,
	.init = {
		.setup = xen_setup,
		.cpu_init = xen_cpu_init,
		.patch = xen_patch,
	},
	/* Until xen_cpu_init moves vcpu_info into the per-cpu area. */
	.irq = {
		.save_fl = xen_save_fl_thunk,
		.restore_fl = xen_restore_fl_thunk,
		.irq_disable = xen_irq_disable_thunk,
		.irq_enable = xen_irq_enable_thunk,
		.safe_halt = xen_safe_halt,
		.halt = xen_halt,
	},
	.cpu = {
		.cpuid = xen_cpuid,
		.rdtsc = xen_rdtsc,
		.write_gs_base = xen_write_gs_base,
		.read_cr2 = xen_read_cr2_thunk,
		.null_trap = xen_null_trap,
		.read_cr0 = native_read_cr0,	/* Xen emulates the read: see pvkit/msr.h */
		.write_cr0 = xen_write_cr0,
		.read_cr4 = native_read_cr4,
		.read_msr_safe = native_read_msr_safe,	/* see pvkit/msr.h */
		.write_msr_safe = native_write_msr_safe,
		.write_cr4 = native_write_cr4,
		.load_gdt = xen_load_gdt,
		.store_gdt = xen_store_gdt,
		.write_gdt_entry = xen_write_desc_entry,
		.set_ldt = xen_set_ldt,
		.write_ldt_entry = xen_write_desc_entry,
		.load_tr = (void *)paravirt_nop,	/* Xen's TSS serves every guest */
		.store_tr = xen_store_tr,
		.load_idt = xen_load_idt,
		.store_idt = xen_store_idt,
		.write_idt_entry = xen_write_idt_entry,
		.adjust_exception_frame = xen_adjust_exception_frame,
		.iret = xen_iret,
		.load_sp0 = xen_load_sp0,
		.io_delay = (void *)paravirt_nop,	/* no ISA bus to wait for */
		.wbinvd = native_wbinvd,
	},
	.time = {
		.clock_ns = xen_clock_ns,
		.set_timer = xen_set_timer,
	},
	.mmu = {
		.set_text_writable = xen_set_text_writable,
		.read_pte = xen_lookup_pte,
		.write_pte = xen_write_pte,
		.set_pte = xen_set_entry,
		.set_pmd = xen_set_entry,
		.set_pud = xen_set_entry,
		.set_pgd = xen_set_entry,
		.make_pte = xen_make_pte,
		.pte_pfn = xen_pte_pfn,
		.alloc_pt = xen_alloc_pt,
		.release_pt = xen_release_pt,
		.flush_tlb_one = xen_flush_tlb_one,
		.flush_tlb_all = xen_flush_tlb_all,
		.read_cr3 = xen_read_cr3,
		.lazy_begin = xen_lazy_begin,
		.lazy_end = xen_lazy_end,
		.mmu_calls = xen_mmu_calls,
	},
	.misc = {
		.console_write = xen_console_write,
		.console_read = xen_console_read,
		.host_request = xen_host_request,
		.suspend = xen_suspend,
		.poweroff = xen_poweroff,
		.reboot = xen_reboot,
		.crash = xen_crash,
	},
	.smp = {
		.cpu_up = xen_cpu_up,
		.send_ipi = xen_send_ipi,
		.spin_wait = xen_spin_wait,
	},
};
