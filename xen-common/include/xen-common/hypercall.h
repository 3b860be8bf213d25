/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls through the hypercall page (xen-common/hypercall-page.S):
 * call hypercall_page + nr * 32 with the arguments in %rdi, %rsi, %rdx,
 * %r10, %r8.  A PV stub's syscall clobbers %rcx and %r11 (an HVM stub's
 * vmmcall or vmcall does not); a debug Xen may clobber the argument
 * registers.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/callback.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <pvkit/compiler.h>

extern char hypercall_page[PAGE_SIZE];

static inline long xen_hypercall4(unsigned int nr, unsigned long a1, unsigned long a2,
				  unsigned long a3, unsigned long a4)
{
	register unsigned long rdi __asm__("rdi") = a1;
	register unsigned long rsi __asm__("rsi") = a2;
	register unsigned long rdx __asm__("rdx") = a3;
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long sp __asm__("rsp");
	long ret;

	__asm__ __volatile__("call hypercall_page + %c[off]"
			     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(sp)
			     : [off] "i"(nr * 32)
			     : "rcx", "r11", "r8", "memory");
	return ret;
}

#define xen_hypercall3(nr, a1, a2, a3) xen_hypercall4(nr, a1, a2, a3, 0)
#define xen_hypercall2(nr, a1, a2) xen_hypercall4(nr, a1, a2, 0, 0)
#define xen_hypercall1(nr, a1) xen_hypercall4(nr, a1, 0, 0, 0)

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_sched_op, (unsigned long)cmd, (unsigned long)arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_event_channel_op, (unsigned long)cmd,
			      (unsigned long)arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned long len, const char *buf)
{
	return xen_hypercall3(__HYPERVISOR_console_io, (unsigned long)cmd, len,
			      (unsigned long)buf);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
						unsigned long flags)
{
	return xen_hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_callback_op(int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_callback_op, (unsigned long)cmd, (unsigned long)arg);
}

static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return xen_hypercall1(__HYPERVISOR_set_trap_table, (unsigned long)table);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall3(__HYPERVISOR_vcpu_op, (unsigned long)cmd, vcpu,
			      (unsigned long)arg);
}

static inline long HYPERVISOR_mmu_update(const struct mmu_update *req, unsigned int count)
{
	return xen_hypercall4(__HYPERVISOR_mmu_update, (unsigned long)req, count, 0, DOMID_SELF);
}

static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op, unsigned int count)
{
	return xen_hypercall4(__HYPERVISOR_mmuext_op, (unsigned long)op, count, 0, DOMID_SELF);
}

static inline long HYPERVISOR_set_segment_base(unsigned int which, unsigned long base)
{
	return xen_hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_memory_op, cmd, (unsigned long)arg);
}

static inline long HYPERVISOR_hvm_op(unsigned int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_hvm_op, cmd, (unsigned long)arg);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_xen_version, (unsigned long)cmd, (unsigned long)arg);
}

#endif
