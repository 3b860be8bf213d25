/* Internal interfaces of the Xen PV backend. */
#ifndef XEN_BACKEND_H
#define XEN_BACKEND_H

#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <pvkit/paravirt.h>
#include <pvkit/percpu.h>

extern const struct paravirt_ops xen_pv_ops;
extern start_info_t *xen_start_info;
extern shared_info_t *xen_shared_info;
extern struct vcpu_info *xen_vcpu;

extern bool xen_vcpu_info_percpu;

/*
 * This vCPU's vcpu_info: in its per-cpu area once registered there (every
 * vCPU but a boot vCPU whose registration failed), else shared_info's.
 */
static inline struct vcpu_info *xen_this_vcpu(void)
{
	return xen_vcpu_info_percpu ? (struct vcpu_info *)this_cpu_area()->platform : xen_vcpu;
}

void xen_setup(void *start_info, struct boot_info *bi);

void xen_console_init(const start_info_t *si);
void xen_console_write(const char *buf, size_t len);
unsigned long xen_console_read(char *buf, size_t len);
bool xen_console_flush(uint64_t timeout_ns);
evtchn_port_t xen_console_port(void);

/* C irq ops on xen_vcpu, and their callee-save thunks (irq.S). */
unsigned long xen_save_fl(void);
void xen_restore_fl(unsigned long flags);
void xen_irq_disable(void);
void xen_irq_enable(void);
unsigned long xen_save_fl_thunk(void);
void xen_restore_fl_thunk(unsigned long flags);
void xen_irq_disable_thunk(void);
void xen_irq_enable_thunk(void);
/* The %gs versions, used once vcpu_info is in the per-cpu area (irq.S). */
unsigned long xen_save_fl_percpu(void);
void xen_restore_fl_percpu(unsigned long flags);
void xen_irq_disable_percpu(void);
void xen_irq_enable_percpu(void);
unsigned long xen_read_cr2(void);
unsigned long xen_read_cr2_thunk(void);
unsigned long xen_read_cr2_percpu(void);
void xen_null_trap(void);
void xen_write_pte(unsigned long va, uint64_t pte);

struct percpu;
void xen_cpu_init(unsigned int cpu, struct percpu *area);
void xen_write_gs_base(unsigned long base);
unsigned long xen_pfn_to_mfn(unsigned long pfn);
struct pv_patch_result xen_patch(const struct pv_site *site, uint8_t *buf);
void xen_set_text_writable(bool writable);
uint64_t xen_lookup_pte(unsigned long va);
long xen_set_entry(uint64_t *entryp, uint64_t value);
uint64_t xen_make_pte(unsigned long pfn, uint64_t flags);
unsigned long xen_pte_pfn(uint64_t pte);
long xen_alloc_pt(unsigned long pfn, unsigned int level);
long xen_release_pt(unsigned long pfn, unsigned int level);
void xen_flush_tlb_one(unsigned long va);
void xen_flush_tlb_all(void);
unsigned long xen_read_cr3(void);
void xen_free_frames(struct boot_info *bi);
void xen_control_init(void);
void xen_p2m_publish(void);
unsigned long xen_host_request(void);
long xen_suspend(void);
long xen_cpu_up(unsigned int cpu, unsigned long stack_top);
void xen_send_ipi(unsigned int cpu);
void xen_spin_wait(void);
void xen_check_events(void);	/* delivers pending events; keeps all but %rax */
struct desc_ptr;
#define MAX_GDT_FRAMES	16	/* 64 KiB: the architectural GDT maximum */
unsigned int xen_gdt_frames(unsigned int cpu, const struct desc_ptr *dtr,
			    unsigned long frames[MAX_GDT_FRAMES]);
void xen_load_gdt(const struct desc_ptr *dtr);
void xen_store_gdt(struct desc_ptr *dtr);
void xen_write_desc_entry(uint64_t *table, unsigned int entry, uint64_t desc);
void xen_set_ldt(const uint64_t *ldt, unsigned int entries);
void xen_load_sp0(unsigned long sp0);
unsigned long xen_store_tr(void);
struct idt_gate;
void xen_load_idt(const struct desc_ptr *dtr);
void xen_store_idt(struct desc_ptr *dtr);
void xen_write_idt_entry(struct idt_gate *idt, unsigned int vector,
			 const struct idt_gate *gate);
void xen_adjust_exception_frame(void);
void xen_iret(void);
void xen_lazy_begin(void);
long xen_lazy_end(void);
unsigned long xen_mmu_calls(void);
unsigned long xen_evtchn_count(evtchn_port_t port);
long xen_evtchn_send(evtchn_port_t port);
void xen_evtchn_init(void);
void xen_evtchn_set_handler(evtchn_port_t port, void (*handler)(evtchn_port_t));
void xen_evtchn_set_handler_on(evtchn_port_t port, unsigned int cpu,
			       void (*handler)(evtchn_port_t));
void xen_set_timer(uint64_t deadline_ns);
long xen_evtchn_unmask(evtchn_port_t port);

void xen_time_init(void);
void xen_time_suspend(void);
void xen_time_cpu_init(unsigned int cpu);
void xen_smp_cpu_init(unsigned int cpu);
void xen_time_resume(void);
void xen_evtchn_resume(void);
void xen_cpu_resume(unsigned int cpu);
long xen_vcpu_info_place(unsigned int cpu);
long xen_map_shared_info(uint64_t maddr);
uint64_t xen_clock_ns(void);
uint64_t xen_rdtsc(void);

void xen_traps_init(void);

#endif
