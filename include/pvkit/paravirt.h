/* SPDX-License-Identifier: MIT */
/*
 * paravirt_ops: one table of function pointers for every sensitive operation.
 *
 * The probe (kernel/paravirt/probe.c) copies the table of the platform it
 * finds into pv_ops at boot.  The core kernel reaches a backend only
 * through pv_ops, and only through the PVOP_* call-site macros below
 * (wrapped by name in <pvkit/arch.h> and <pvkit/desc.h>; raw only in
 * kernel/paravirt/), so that every call site is recorded in the .pv_sites
 * section with its op, its length and the registers it may clobber.  At
 * boot the patcher (kernel/paravirt/patch.c) rewrites each site into a
 * direct call or the backend's own instructions.
 */
#ifndef PVKIT_PARAVIRT_H
#define PVKIT_PARAVIRT_H

#include <pvkit/paravirt-abi.h>

#ifndef __ASSEMBLY__
#include <pvkit/compiler.h>

struct boot_info;
struct desc_ptr;
struct idt_gate;
struct percpu;
struct pv_site;

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* What a backend's patch hook made of a site. */
enum pv_patch_kind {
	PV_PATCH_LEFT,		/* untouched: still the indirect call */
	PV_PATCH_CALL,		/* a direct call to the op's function */
	PV_PATCH_INLINE,	/* the backend's instructions in place */
	PV_PATCH_NOP,		/* the op does nothing: NOPs */
};

struct pv_patch_result {
	uint8_t len;		/* bytes of code written; the rest is NOPs */
	uint8_t kind;		/* enum pv_patch_kind */
};

struct pv_init_ops {
	/* First thing after entry: bring up the console, fill *bi. */
	void (*setup)(void *boot_data, struct boot_info *bi);
	/* CPU cpu's per-cpu area is set up and %gs points at it. */
	void (*cpu_init)(unsigned int cpu, struct percpu *area);
	/* The code for a recorded site, built in buf[0..site->len). */
	struct pv_patch_result (*patch)(const struct pv_site *site, uint8_t *buf);
};

/*
 * The irq ops keep every register but %rax (PV_CLOBBER_CALLEE_SAVE): their
 * sites are in every critical section, so they must cost the caller nothing.
 */
struct pv_irq_ops {
	unsigned long (*save_fl)(void);	/* X86_EFLAGS_IF set = enabled */
	void (*restore_fl)(unsigned long flags);
	void (*irq_disable)(void);
	void (*irq_enable)(void);
	void (*safe_halt)(void);	/* enable and wait, with no lost wakeup */
	void (*halt)(void);		/* wait with the interrupt state as is */
};

struct pv_cpu_ops {
	void (*cpuid)(struct cpuid_regs *regs);	/* in: eax leaf, ecx subleaf */
	uint64_t (*rdtsc)(void);
	void (*write_gs_base)(unsigned long base);	/* the kernel's %gs base */
	unsigned long (*read_cr2)(void);	/* callee-save: the last #PF address */
	void (*null_trap)(void);	/* the cheapest trip out and back (trap or hypercall) */
	unsigned long (*read_cr0)(void);
	void (*write_cr0)(unsigned long cr0);	/* Xen PV: only CR0.TS changes */
	unsigned long (*read_cr4)(void);
	int (*read_msr_safe)(uint32_t msr, uint64_t *value);	/* 0 or -vector */
	int (*write_msr_safe)(uint32_t msr, uint64_t value);
	/* Xen PV: Xen emulates what a guest may change and ignores the rest. */
	void (*write_cr4)(unsigned long cr4);
	/* Descriptor tables (include/pvkit/desc.h).  Xen keeps the pages read-only. */
	void (*load_gdt)(const struct desc_ptr *dtr);
	void (*store_gdt)(struct desc_ptr *dtr);	/* Xen: the last one loaded */
	void (*write_gdt_entry)(uint64_t *gdt, unsigned int entry, uint64_t desc);
	void (*set_ldt)(const uint64_t *ldt, unsigned int entries);	/* 0: none */
	void (*write_ldt_entry)(uint64_t *ldt, unsigned int entry, uint64_t desc);
	void (*load_tr)(unsigned int selector);		/* Xen owns the TSS: nothing */
	unsigned long (*store_tr)(void);		/* Xen: 0, no TSS of ours */
	/* The stack the CPU switches to on an interrupt from user mode. */
	void (*load_sp0)(unsigned long sp0);
	void (*io_delay)(void);		/* a short wait for slow ISA devices */
	/*
	 * Interrupt descriptor table, in the hardware's 16-byte gate format.
	 * Xen turns the gates into its trap table; its store_idt gives an
	 * empty table until one is loaded, and loading that (base 0) puts the
	 * backend's own exception entries back.
	 */
	void (*load_idt)(const struct desc_ptr *dtr);
	void (*store_idt)(struct desc_ptr *dtr);
	void (*write_idt_entry)(struct idt_gate *idt, unsigned int vector,
				const struct idt_gate *gate);
	/*
	 * The two ends of an exception entry the core owns (kernel/trap-entry.c),
	 * called from sites in assembly.  adjust_exception_frame makes the
	 * platform's frame the hardware's (Xen puts %rcx and %r11 above it);
	 * iret returns through the frame at the stack pointer and never
	 * returns to its site (native iretq, Xen HYPERVISOR_iret).
	 */
	void (*adjust_exception_frame)(void);
	void (*iret)(void);
	void (*wbinvd)(void);		/* write back and invalidate the caches */
};

struct pv_time_ops {
	uint64_t (*clock_ns)(void);	/* monotonic nanoseconds since boot */
	/* One-shot: call timer_interrupt() once clock_ns >= deadline. */
	void (*set_timer)(uint64_t deadline_ns);
};

struct pv_mmu_ops {
	/* Kernel text writable (only while patching) or read-only. */
	void (*set_text_writable)(bool writable);
	/* The PTE mapping a kernel address; writing it also flushes that TLB entry. */
	uint64_t (*read_pte)(unsigned long va);
	void (*write_pte)(unsigned long va, uint64_t pte);
	/* Page-table entries by level (entry's address, value): 0 or -errno. */
	long (*set_pte)(uint64_t *ptep, uint64_t pte);
	long (*set_pmd)(uint64_t *pmdp, uint64_t pmd);
	long (*set_pud)(uint64_t *pudp, uint64_t pud);
	long (*set_pgd)(uint64_t *pgdp, uint64_t pgd);
	/* Entry values: a frame and flags (Xen: machine frames inside). */
	uint64_t (*make_pte)(unsigned long pfn, uint64_t flags);
	unsigned long (*pte_pfn)(uint64_t pte);
	/* A frame becomes / stops being a page table of level 1 to 3. */
	long (*alloc_pt)(unsigned long pfn, unsigned int level);
	long (*release_pt)(unsigned long pfn, unsigned int level);
	void (*flush_tlb_one)(unsigned long va);
	void (*flush_tlb_all)(void);
	unsigned long (*read_cr3)(void);	/* the root table's pseudo-physical address */
	/*
	 * Between lazy_begin and lazy_end, set_* may be queued and issued as
	 * one batch: they return 0, and lazy_end returns the batch's result.
	 */
	void (*lazy_begin)(void);
	long (*lazy_end)(void);
	/* Hypervisor calls made for page-table updates (0 natively). */
	unsigned long (*mmu_calls)(void);
};

/*
 * Other CPUs.  The core numbers CPUs 0 (the boot CPU) to cpus_present - 1;
 * a backend maps the numbers to APIC IDs or vCPU ids.
 */
struct pv_smp_ops {
	/*
	 * Starts CPU cpu on the stack ending at stack_top: it runs
	 * smp_ap_start(cpu) (kernel/smp.c) with interrupts off, and its
	 * descriptor tables loaded.  0, or -errno if it could not be started;
	 * the core waits for the CPU to say it is up.
	 */
	long (*cpu_up)(unsigned int cpu, unsigned long stack_top);
	/* Interrupts CPU cpu: it calls smp_ipi_interrupt() with interrupts off. */
	void (*send_ipi)(unsigned int cpu);
	/*
	 * One turn of a spin-wait for another CPU.  Natively pause; a vCPU
	 * yields its physical CPU, which the vCPU it waits for may need.
	 */
	void (*spin_wait)(void);
};

enum host_request { HOST_NONE, HOST_POWEROFF, HOST_REBOOT, HOST_SUSPEND };

struct pv_misc_ops {
	void (*console_write)(const char *buf, size_t len);
	/* Bytes typed at the console, without waiting: how many were read. */
	unsigned long (*console_read)(char *buf, size_t len);
	/* What the host asks of us (xl shutdown / reboot / save), once; HOST_NONE if nothing. */
	unsigned long (*host_request)(void);
	/*
	 * Suspend for the host (xl save) with interrupts off; returns once the
	 * kernel runs again: 0 resumed in a new domain (xl restore), 1 the
	 * suspend was cancelled (same domain), or -errno when it cannot suspend.
	 */
	long (*suspend)(void);
	void (*poweroff)(void);		/* these three do not return */
	void (*reboot)(void);
	void (*crash)(void);
};

/*
 * What a platform does differently where the ops alone do not say it, for
 * the core and its self-tests (which never test the backend's name).
 */
/* set_* between lazy_begin and lazy_end wait in a batch, issued at lazy_end. */
#define PV_CAP_LAZY_MMU_BATCH	0x1UL
/* The platform owns the TSS: load_tr does nothing and store_tr gives 0. */
#define PV_CAP_NO_GUEST_TSS	0x2UL

struct paravirt_ops {
	const char *name;		/* "native" or "xen-pv" */
	unsigned long caps;		/* PV_CAP_* */
	struct pv_init_ops init;
	struct pv_irq_ops irq;
	struct pv_cpu_ops cpu;
	struct pv_time_ops time;
	struct pv_mmu_ops mmu;
	struct pv_misc_ops misc;
	struct pv_smp_ops smp;
};

extern struct paravirt_ops pv_ops;

/*
 * Every op, by group: the op's slot number is its offset in struct
 * paravirt_ops / 8, and this list names them for the patch report and
 * build/pvkit.sites.
 */
#define PV_OP_LIST(X)							\
	X(init, setup) X(init, cpu_init) X(init, patch)					\
	X(irq, save_fl) X(irq, restore_fl) X(irq, irq_disable)		\
	X(irq, irq_enable) X(irq, safe_halt) X(irq, halt)		\
	X(cpu, cpuid) X(cpu, rdtsc) X(cpu, write_gs_base)		\
	X(cpu, read_cr2) X(cpu, null_trap)				\
	X(cpu, read_cr0) X(cpu, write_cr0) X(cpu, read_cr4)		\
	X(cpu, read_msr_safe) X(cpu, write_msr_safe) X(cpu, write_cr4)	\
	X(cpu, load_gdt) X(cpu, store_gdt) X(cpu, write_gdt_entry)	\
	X(cpu, set_ldt) X(cpu, write_ldt_entry) X(cpu, load_tr)		\
	X(cpu, store_tr)						\
	X(cpu, load_sp0) X(cpu, io_delay) X(cpu, wbinvd)		\
	X(cpu, load_idt) X(cpu, store_idt) X(cpu, write_idt_entry)	\
	X(cpu, adjust_exception_frame) X(cpu, iret)			\
	X(time, clock_ns) X(time, set_timer)				\
	X(mmu, set_text_writable) X(mmu, read_pte) X(mmu, write_pte)	\
	X(mmu, set_pte) X(mmu, set_pmd) X(mmu, set_pud) X(mmu, set_pgd)	\
	X(mmu, make_pte) X(mmu, pte_pfn) X(mmu, alloc_pt) X(mmu, release_pt) \
	X(mmu, flush_tlb_one) X(mmu, flush_tlb_all) X(mmu, read_cr3)	\
	X(mmu, lazy_begin) X(mmu, lazy_end) X(mmu, mmu_calls)		\
	X(misc, console_write) X(misc, console_read) X(misc, host_request) \
	X(misc, suspend) X(misc, poweroff) X(misc, reboot)				\
	X(misc, crash)							\
	X(smp, cpu_up) X(smp, send_ipi) X(smp, spin_wait)

#define PV_SLOT(group, op) (offsetof(struct paravirt_ops, group.op) / sizeof(void *))

#define __PV_OP_ENUM(group, op) PV_OP_##op = PV_SLOT(group, op),
enum pv_op_slot { PV_OP_LIST(__PV_OP_ENUM) };
#undef __PV_OP_ENUM

#define PV_NR_SLOTS (sizeof(struct paravirt_ops) / sizeof(void *))

/* A slot a backend fills anew at run time (tools/audit reads these too). */
struct pv_op_override {
	uint64_t slot;
	const void *fn;
};

struct pv_op_desc {
	uint16_t slot;
	const char *group;
	const char *name;
};

extern const struct pv_op_desc pv_op_descs[];
extern const unsigned int pv_nr_ops;
const char *pv_op_name(unsigned int slot);

/*
 * One recorded call site: op is the op's slot, len the bytes the patcher
 * may rewrite, clobbers the registers the code at the site may destroy,
 * mode PV_SITE_MODE_* (benchmark copies of a site force their own mode).
 */
struct pv_site {
	uint64_t addr;
	uint16_t op;
	uint8_t len;
	uint8_t mode;
	uint16_t clobbers;
	uint16_t reserved;
};

extern const struct pv_site __pv_sites_start[], __pv_sites_end[];

#define X86_EFLAGS_IF	0x200UL

/*
 * The site: an indirect call through pv_ops, padded to len bytes with the
 * assembler's long NOPs, and its record.  The stack pointer operand makes
 * gcc set up a frame before the call, as it would for a call it can see.
 */
#define PVOP_SITE_ASM							\
	"771:\n\t"							\
	"call *pv_ops+%c[pvop_off](%%rip)\n\t"				\
	"772:\n\t"							\
	".nops %c[pvop_len] - (772b - 771b)\n\t"			\
	"773:\n\t"							\
	".pushsection .pv_sites, \"a\"\n\t"				\
	".balign 8\n\t"							\
	".quad 771b\n\t"						\
	".short %c[pvop_off] / 8\n\t"					\
	".byte 773b - 771b, %c[pvop_mode]\n\t"				\
	".short %c[pvop_clobbers], 0\n\t"				\
	".popsection\n\t"

#define PVOP_SITE_INPUTS_MODE(op, len, clobbers, mode)			\
	[pvop_off] "i"(offsetof(struct paravirt_ops, op)),		\
	[pvop_len] "i"(len),						\
	[pvop_clobbers] "i"(clobbers),					\
	[pvop_mode] "i"(mode)
#define PVOP_SITE_INPUTS(op, len, clobbers)				\
	PVOP_SITE_INPUTS_MODE(op, len, clobbers, PV_SITE_MODE_BOOT)

/* A site with the C calling convention: every caller-saved register goes. */
#define __PVOP_CALL_MODE(ret_type, len, op, mode, ...)			\
	({								\
		unsigned long __rax, __rdi, __rsi, __rdx, __rcx;	\
		register unsigned long __sp __asm__("rsp");		\
		__asm__ __volatile__(PVOP_SITE_ASM			\
			: "=a"(__rax), "=D"(__rdi), "=S"(__rsi),	\
			  "=d"(__rdx), "=c"(__rcx), "+r"(__sp)		\
			: PVOP_SITE_INPUTS_MODE(op, len, PV_CLOBBER_ABI, mode) \
			  __VA_ARGS__					\
			: "r8", "r9", "r10", "r11", "memory", "cc");	\
		(void)__rdi; (void)__rsi; (void)__rdx; (void)__rcx;	\
		(ret_type)__rax;					\
	})
#define __PVOP_CALL(ret_type, len, op, ...)				\
	__PVOP_CALL_MODE(ret_type, len, op, PV_SITE_MODE_BOOT, ##__VA_ARGS__)

/* A callee-save site: only %rax (and the flags) change. */
#define __PVOP_CALLEE_MODE(ret_type, len, op, mode, ...)		\
	({								\
		unsigned long __rax;					\
		register unsigned long __sp __asm__("rsp");		\
		__asm__ __volatile__(PVOP_SITE_ASM			\
			: "=a"(__rax), "+r"(__sp)			\
			: PVOP_SITE_INPUTS_MODE(op, len, PV_CLOBBER_CALLEE_SAVE, mode) \
			  __VA_ARGS__					\
			: "memory", "cc");				\
		(ret_type)__rax;					\
	})
#define __PVOP_CALLEE(ret_type, len, op, ...)				\
	__PVOP_CALLEE_MODE(ret_type, len, op, PV_SITE_MODE_BOOT, ##__VA_ARGS__)

#define PVOP_ARG1(a)	, "D"((unsigned long)(a))
#define PVOP_ARG2(a, b)	PVOP_ARG1(a), "S"((unsigned long)(b))
#define PVOP_ARG3(a, b, c) PVOP_ARG2(a, b), "d"((unsigned long)(c))

/* len: bytes reserved at the site, at least PV_SITE_CALL_LEN. */
#define PVOP_CALL0(ret, len, op)	 __PVOP_CALL(ret, len, op)
#define PVOP_CALL1(ret, len, op, a)	 __PVOP_CALL(ret, len, op, PVOP_ARG1(a))
#define PVOP_VCALL0(len, op)		 ((void)PVOP_CALL0(unsigned long, len, op))
#define PVOP_VCALL1(len, op, a)		 ((void)PVOP_CALL1(unsigned long, len, op, a))
#define PVOP_CALL2(ret, len, op, a, b) __PVOP_CALL(ret, len, op, PVOP_ARG2(a, b))
#define PVOP_VCALL2(len, op, a, b)	 ((void)PVOP_CALL2(unsigned long, len, op, a, b))
#define PVOP_VCALL3(len, op, a, b, c)					\
	((void)__PVOP_CALL(unsigned long, len, op, PVOP_ARG3(a, b, c)))

#define PVOP_CALLEE0(ret, len, op)	 __PVOP_CALLEE(ret, len, op)
#define PVOP_VCALLEE0(len, op)		 ((void)__PVOP_CALLEE(unsigned long, len, op))
#define PVOP_VCALLEE1(len, op, a)					\
	((void)__PVOP_CALLEE(unsigned long, len, op, PVOP_ARG1(a)))

#endif /* !__ASSEMBLY__ */
#endif
