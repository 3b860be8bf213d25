/* SPDX-License-Identifier: MIT */
/* Internal interfaces of the native backend, grouped by the file that defines them. */
#ifndef NATIVE_H
#define NATIVE_H

#include <pvkit/paravirt.h>

struct desc_ptr;
struct idt_gate;

/* ops.c: the paravirt_ops table. */
extern const struct paravirt_ops native_ops;

/* setup.c: the PVH boot (pvh-entry.S calls native_pvh_start). */
void native_setup(void *hvm_start_info, struct boot_info *bi);

/* multiboot2.c: a GRUB boot (multiboot2-header.S enters native_mb2_start). */
extern bool native_mb2_booted;
void native_mb2_print(void);

/* patch.c: the patch hook (templates in templates.S). */
struct pv_patch_result native_patch(const struct pv_site *site, uint8_t *buf);

/* irq.S: the callee-save irq ops. */
unsigned long native_save_fl(void);
void native_restore_fl(unsigned long flags);
void native_irq_disable(void);
void native_irq_enable(void);

/* cpu.S: the cpu ops that are one instruction or two. */
unsigned long native_read_cr2(void);
void native_null_trap(void);
void native_load_gdt(const struct desc_ptr *dtr);
void native_store_gdt(struct desc_ptr *dtr);
void native_load_tr(unsigned int selector);
unsigned long native_store_tr(void);
void native_load_idt(const struct desc_ptr *dtr);
void native_store_idt(struct desc_ptr *dtr);
void native_iret(void);
void native_io_delay(void);

/* cputables.c: each CPU's GDT and TSS, and the descriptor ops on them. */
void native_cpu_tables_load(unsigned int cpu, unsigned long stack_top);
void native_set_ldt(const uint64_t *ldt, unsigned int entries);
void native_write_desc_entry(uint64_t *table, unsigned int entry, uint64_t desc);
void native_load_sp0(unsigned long sp0);
unsigned long native_tss_sp0(unsigned int cpu);
void native_write_idt_entry(struct idt_gate *idt, unsigned int vector,
			    const struct idt_gate *gate);

/* traps.c: the IDT. */
void native_traps_init(void);
void native_traps_load_idt(void);
void native_traps_use_df_stack(void);

/* pic.c: the 8259s, remapped and masked. */
void native_pic_mask_all(void);
uint16_t native_pic_masks(void);

/* apic.c: the local APIC, its timer, and the cpu_init op. */
void native_apic_timer_init(void);
void native_set_timer(uint64_t deadline_ns);
uint32_t native_apic_id(void);
void native_apic_cpu_enable(void);
long native_apic_send_ipi(uint32_t dest_id, uint32_t icr_low);
void native_apic_eoi(void);
void native_cpu_init(unsigned int cpu, struct percpu *area);

/* mmu.c: page tables, the TLB, kernel text protection. */
void native_set_text_writable(bool writable);
uint64_t native_read_pte(unsigned long va);
void native_write_pte(unsigned long va, uint64_t pte);
long native_set_entry(uint64_t *entryp, uint64_t value);
uint64_t native_make_pte(unsigned long pfn, uint64_t flags);
unsigned long native_pte_pfn(uint64_t pte);
long native_pt_nothing(unsigned long pfn, unsigned int level);
void native_flush_tlb_one(unsigned long va);
void native_flush_tlb_all(void);
unsigned long native_read_cr3(void);
long native_lazy_end(void);
unsigned long native_mmu_calls(void);

/* serial.c: the 16550 console. */
bool native_serial_init(void);
void native_serial_write(const char *buf, size_t len);
size_t native_serial_read(char *buf, size_t len);

/* smp.c: core CPU number -> APIC ID, starting CPUs, IPIs. */
void native_smp_map_boot_cpu(void);
bool native_smp_map_cpu(uint32_t apic_id);
void native_cpu_map_counts(unsigned int *mapped, unsigned int *unnumbered, bool *boot_listed);
long native_cpu_up(unsigned int cpu, unsigned long stack_top);
void native_send_ipi(unsigned int cpu);
extern bool native_trampoline_usable;
extern unsigned long native_ipi_count[];
extern uint32_t native_cpu_apic_id[];	/* by core CPU number; 0xffffffff: none */

/* tsc.c: the TSC, calibrated against the PIT, as the clock. */
void native_tsc_calibrate(void);
void native_tsc_set_hz(uint64_t hz);
uint64_t native_clock_ns(void);
uint64_t native_ns_to_tsc(uint64_t ns);
uint64_t native_clock_ns_over_pit_ms(unsigned int ms);
uint64_t native_rdtsc(void);

/* acpi.c: the MADT's CPUs, S5 poweroff and reset. */
void native_acpi_init(uint64_t rsdp_paddr);
extern unsigned int native_acpi_cpus;	/* enabled CPUs in the MADT, 0 if none found */
void __noreturn native_poweroff(void);
void __noreturn native_reboot(void);
void __noreturn native_crash(void);

#endif
