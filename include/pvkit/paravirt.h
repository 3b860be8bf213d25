/*
 * paravirt_ops: one table of function pointers for every sensitive operation.
 *
 * The probe (kernel/probe.c) copies the table of the platform it finds into
 * pv_ops at boot.  The core kernel reaches a backend only through pv_ops, and
 * only through the PVOP_* call-site macros below, so that every call site is
 * recorded in the .pv_sites section with its op, its length and the registers
 * it may clobber.  The patcher rewrites those sites at boot (see pv_site).
 */
#ifndef PVKIT_PARAVIRT_H
#define PVKIT_PARAVIRT_H

#include <pvkit/compiler.h>

struct boot_info;

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

struct pv_init_ops {
	/* First thing after entry: bring up the console, fill *bi. */
	void (*setup)(void *boot_data, struct boot_info *bi);
};

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
};

struct pv_time_ops {
	uint64_t (*clock_ns)(void);	/* monotonic nanoseconds since boot */
};

struct pv_misc_ops {
	void (*console_write)(const char *buf, size_t len);
	void (*poweroff)(void);		/* these three do not return */
	void (*reboot)(void);
	void (*crash)(void);
};

struct paravirt_ops {
	const char *name;		/* "native" or "xen-pv" */
	struct pv_init_ops init;
	struct pv_irq_ops irq;
	struct pv_cpu_ops cpu;
	struct pv_time_ops time;
	struct pv_misc_ops misc;
};

extern struct paravirt_ops pv_ops;

#define X86_EFLAGS_IF	0x200UL

/*
 * One recorded call site.  op is the slot of the op in struct paravirt_ops
 * (its offset / 8), len the bytes the patcher may rewrite, clobbers the
 * registers the code at the site may destroy (PV_CLOBBER_*).
 */
struct pv_site {
	uint64_t addr;
	uint16_t op;
	uint8_t len;
	uint8_t clobbers;
	uint32_t reserved;
};

extern const struct pv_site __pv_sites_start[], __pv_sites_end[];

/* The site may clobber every caller-saved register of the C ABI. */
#define PV_CLOBBER_ABI		0xff

/* Bytes of an unpatched site: "call *pv_ops+off(%rip)" is 6. */
#define PV_SITE_CALL_LEN	6

/*
 * The site: an indirect call through pv_ops, padded with NOPs to len bytes,
 * and its record.  The stack pointer operand makes gcc set up a frame before
 * the call, as it would for a call it can see.
 */
#define PVOP_SITE_ASM							\
	"771:\n\t"							\
	"call *pv_ops+%c[pvop_off](%%rip)\n\t"				\
	"772:\n\t"							\
	".rept %c[pvop_len] - (772b - 771b)\n\t"			\
	"nop\n\t"							\
	".endr\n\t"							\
	"773:\n\t"							\
	".pushsection .pv_sites, \"a\"\n\t"				\
	".balign 8\n\t"							\
	".quad 771b\n\t"						\
	".short %c[pvop_off] / 8\n\t"					\
	".byte 773b - 771b\n\t"						\
	".byte %c[pvop_clobbers]\n\t"					\
	".long 0\n\t"							\
	".popsection\n\t"

#define __PVOP_CALL(ret_type, len, op, ...)				\
	({								\
		unsigned long __rax, __rdi, __rsi, __rdx, __rcx;	\
		register unsigned long __sp __asm__("rsp");		\
		__asm__ __volatile__(PVOP_SITE_ASM			\
			: "=a"(__rax), "=D"(__rdi), "=S"(__rsi),	\
			  "=d"(__rdx), "=c"(__rcx), "+r"(__sp)		\
			: [pvop_off] "i"(offsetof(struct paravirt_ops, op)), \
			  [pvop_len] "i"(len),				\
			  [pvop_clobbers] "i"(PV_CLOBBER_ABI)		\
			  __VA_ARGS__					\
			: "r8", "r9", "r10", "r11", "memory", "cc");	\
		(void)__rdi; (void)__rsi; (void)__rdx; (void)__rcx;	\
		(ret_type)__rax;					\
	})

#define PVOP_ARG1(a)	, "D"((unsigned long)(a))
#define PVOP_ARG2(a, b)	PVOP_ARG1(a), "S"((unsigned long)(b))

/* len: bytes reserved at the site, at least PV_SITE_CALL_LEN. */
#define PVOP_CALL0(ret, len, op)	 __PVOP_CALL(ret, len, op)
#define PVOP_CALL1(ret, len, op, a)	 __PVOP_CALL(ret, len, op, PVOP_ARG1(a))
#define PVOP_VCALL0(len, op)		 ((void)PVOP_CALL0(unsigned long, len, op))
#define PVOP_VCALL1(len, op, a)		 ((void)PVOP_CALL1(unsigned long, len, op, a))
#define PVOP_VCALL2(len, op, a, b)					\
	((void)__PVOP_CALL(unsigned long, len, op, PVOP_ARG2(a, b)))

#endif
