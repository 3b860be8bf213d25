/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of the Xen PV backend, grouped by the file that
 * defines them.
 */
#ifndef XEN_BACKEND_H
#define XEN_BACKEND_H

#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <pvkit/paravirt.h>
#include <pvkit/percpu.h>
#include <xen-common/xen-common.h>

struct desc_ptr;
struct idt_gate;
struct percpu;
struct vcpu_register_vcpu_info;

/* ops.c: the paravirt_ops table and the small cpu and misc ops. */
extern const struct paravirt_ops xen_pv_ops;
unsigned long xen_read_cr2(void);
void xen_null_trap(void);

/* setup.c: start_info, shared_info, the boot vCPU's vcpu_info. */
extern start_info_t *xen_start_info;
void xen_setup(void *start_info, struct boot_info *bi);
long xen_map_shared_info(uint64_t maddr);

/* patch.c: the patch hook (inlines the %gs code once xen_vcpu_info_percpu). */
struct pv_patch_result xen_patch(const struct pv_site *site, uint8_t *buf);

/*
 * vcpu-info.c: each vCPU's vcpu_info in its per-cpu area; the cpu_init op.
 * xen_vcpu_info_rc: what Xen answered for the boot vCPU (not 0: the
 * shared_info fallback, xen_vcpu_info_legacy).
 */
extern long xen_vcpu_info_rc;
long xen_vcpu_info_register(unsigned int cpu, struct vcpu_register_vcpu_info *info);
long xen_vcpu_info_place(unsigned int cpu);
void xen_cpu_init(unsigned int cpu, struct percpu *area);

/* selftests.c: each boot site of op calls it (the shared_info fallback's form). */
void xen_check_sites_call_op(unsigned int op);

/* setup.c: the console and store rings named by start_info, to xen-common/. */
void xen_pv_rings_init(const start_info_t *si);

/* events.c: the C irq ops on this vCPU's vcpu_info (xen_this_vcpu()). */
unsigned long xen_save_fl(void);
void xen_restore_fl(unsigned long flags);
void xen_irq_disable(void);
void xen_irq_enable(void);

/*
 * irq.S: callee-save thunks of the C irq ops, their %gs versions (used
 * once vcpu_info is in the per-cpu area), and the exception-frame ops.
 */
unsigned long xen_save_fl_thunk(void);
void xen_restore_fl_thunk(unsigned long flags);
void xen_irq_disable_thunk(void);
void xen_irq_enable_thunk(void);
unsigned long xen_read_cr2_thunk(void);
unsigned long xen_save_fl_percpu(void);
void xen_restore_fl_percpu(unsigned long flags);
void xen_irq_disable_percpu(void);
void xen_irq_enable_percpu(void);
unsigned long xen_read_cr2_percpu(void);
void xen_check_events(void);	/* delivers pending events; keeps all but %rax */
void xen_adjust_exception_frame(void);
void xen_iret(void);

/* traps.c: the trap table and the IDT ops on it. */
void xen_traps_init(void);
void xen_load_idt(const struct desc_ptr *dtr);
void xen_store_idt(struct desc_ptr *dtr);
void xen_write_idt_entry(struct idt_gate *idt, unsigned int vector,
			 const struct idt_gate *gate);

/* desc.c: GDT, LDT and the kernel stack. */
#define MAX_GDT_FRAMES	16	/* 64 KiB: the architectural GDT maximum */
unsigned int xen_gdt_frames(unsigned int cpu, const struct desc_ptr *dtr,
			    unsigned long frames[MAX_GDT_FRAMES]);
void xen_load_gdt(const struct desc_ptr *dtr);
void xen_store_gdt(struct desc_ptr *dtr);
void xen_write_desc_entry(uint64_t *table, unsigned int entry, uint64_t desc);
void xen_set_ldt(const uint64_t *ldt, unsigned int entries);
void xen_load_sp0(unsigned long sp0);
unsigned long xen_store_tr(void);

/* mmu.c: page tables through mmu_update, pinning and mmuext_op. */
void xen_set_text_writable(bool writable);
uint64_t xen_lookup_pte(unsigned long va);
void xen_write_pte(unsigned long va, uint64_t pte);
long xen_set_entry(uint64_t *entryp, uint64_t value);
uint64_t xen_make_pte(unsigned long pfn, uint64_t flags);
unsigned long xen_pte_pfn(uint64_t pte);
long xen_alloc_pt(unsigned long pfn, unsigned int level);
long xen_release_pt(unsigned long pfn, unsigned int level);
void xen_flush_tlb_one(unsigned long va);
void xen_flush_tlb_all(void);
unsigned long xen_read_cr3(void);
void xen_lazy_begin(void);
long xen_lazy_end(void);
unsigned long xen_mmu_calls(void);

/* memory.c: the frames the domain builder left unmapped. */
void xen_free_frames(struct boot_info *bi);

/* p2m.c: pseudo-physical to machine frames, published for the toolstack. */
unsigned long xen_pfn_to_mfn(unsigned long pfn);
void xen_p2m_publish(void);

/* smp.c: other vCPUs, IPIs and spin-waits. */
long xen_cpu_up(unsigned int cpu, unsigned long stack_top);
void xen_smp_cpu_init(unsigned int cpu);
void xen_send_ipi(unsigned int cpu);
void xen_spin_wait(void);

/* suspend.c: xl save and restore. */
long xen_suspend(void);

#endif
