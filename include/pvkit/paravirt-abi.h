/* SPDX-License-Identifier: MIT */
/*
 * The call-site ABI shared by C, assembly and host tools: site lengths and
 * the clobber masks recorded with each site.
 */
#ifndef PVKIT_PARAVIRT_ABI_H
#define PVKIT_PARAVIRT_ABI_H

/* Clobber mask bits: the registers a site's code may destroy. */
#define PV_CLOBBER_RAX		0x001
#define PV_CLOBBER_RCX		0x002
#define PV_CLOBBER_RDX		0x004
#define PV_CLOBBER_RSI		0x008
#define PV_CLOBBER_RDI		0x010
#define PV_CLOBBER_R8		0x020
#define PV_CLOBBER_R9		0x040
#define PV_CLOBBER_R10		0x080
#define PV_CLOBBER_R11		0x100

/* The C ABI's caller-saved registers. */
#define PV_CLOBBER_ABI		0x1ff
/* Callee-save ops: only the return register. */
#define PV_CLOBBER_CALLEE_SAVE	PV_CLOBBER_RAX

/* "call *pv_ops+off(%rip)" is 6 bytes; a direct call is 5. */
#define PV_SITE_CALL_LEN	6
/* Room for Xen's "movb $1,%gs:disp32" (9 bytes) at every irq site. */
#define PV_SITE_IRQ_LEN		9
/*
 * irq_enable sites are longer: Xen's inline unmask is the store, a test of
 * the pending byte, a branch and "call *%gs:PERCPU_PLATFORM_CALL_OFFSET"
 * to deliver what is pending (9 + 9 + 2 + 8 bytes).  Natively: sti + NOPs.
 */
#define PV_SITE_IRQ_ENABLE_LEN	28
/*
 * save_fl: Xen's inline read of the mask turned into X86_EFLAGS_IF is a
 * compare, a subtract-with-borrow and a mask (9 + 2 + 5 bytes).
 * restore_fl: the mask stored from the IF bit, and when that unmasks, the
 * pending test and the branch over the call irq_enable has (4 + 9 + 2 +
 * 9 + 2 + 8 bytes).  Natively: pushfq;pop / push;popfq + NOPs.
 */
#define PV_SITE_SAVE_FL_LEN	16
#define PV_SITE_RESTORE_FL_LEN	34
/* The longest site the patcher rewrites (and the bench prints). */
#define PV_SITE_MAX_LEN		40

/* Slots the DEBUG_PARAVIRT thunks cover (kernel/paravirt/debug.c, debug-thunks.S). */
#define PV_DEBUG_MAX_SLOTS	96

/*
 * How a site is patched: as pvpatch= says (every ordinary site), or always
 * in one mode (the benchmark copies, so one boot measures every mode).
 */
#define PV_SITE_MODE_BOOT	0
#define PV_SITE_MODE_OFF	1
#define PV_SITE_MODE_CALL	2
#define PV_SITE_MODE_INLINE	3

#endif
