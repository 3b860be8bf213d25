/* SPDX-License-Identifier: MIT */
/*
 * Xen PV irq ops.  The virtual interrupt flag is the evtchn_upcall_mask
 * byte of this vCPU's vcpu_info, which Xen was told (VCPUOP_register_
 * vcpu_info) to keep in the per-cpu area's platform slot: one %gs-relative
 * instruction reaches it on every vCPU.  All are callee-save: only %rax and
 * the flags change, as the irq call sites require.
 */
#include <xen/xen.h>
#include <pvkit/asm-regs.h>
#include <pvkit/percpu-abi.h>

/* struct vcpu_info: evtchn_upcall_pending, then evtchn_upcall_mask. */
#define GS_PENDING	PERCPU_PLATFORM_OFFSET
#define GS_MASK		(PERCPU_PLATFORM_OFFSET + 1)
#define EFLAGS_IF	0x200
/* vcpu_info.arch.cr2: after the pending selector word, at offset 16. */
#define GS_CR2		(PERCPU_PLATFORM_OFFSET + 16)

	.text

	.globl xen_irq_disable_percpu
xen_irq_disable_percpu:
	movb	$1, %gs:GS_MASK
	ret

/* Unmask, then look: an event that arrived while masked is delivered now. */
	.globl xen_irq_enable_percpu
xen_irq_enable_percpu:
	movb	$0, %gs:GS_MASK
	testb	$0xff, %gs:GS_PENDING
	jnz	xen_check_events
	ret

/* X86_EFLAGS_IF in %rax when events are not masked. */
	.globl xen_save_fl_percpu
xen_save_fl_percpu:
	xor	%eax, %eax
	testb	$0xff, %gs:GS_MASK
	setz	%ah
	add	%eax, %eax
	ret

	.globl xen_restore_fl_percpu
xen_restore_fl_percpu:
	test	$EFLAGS_IF, %edi
	setz	%gs:GS_MASK
	jz	1f
	testb	$0xff, %gs:GS_PENDING
	jnz	xen_check_events
1:	ret

/* Xen writes the #PF address into vcpu_info.arch.cr2. */
	.globl xen_read_cr2_percpu
xen_read_cr2_percpu:
	mov	%gs:GS_CR2, %rax
	ret

/* Any hypercall delivers the pending upcall on its way back. */
	.globl xen_check_events
xen_check_events:
	PUSH_CALLER_SAVED_BUT_RAX
	xor	%edi, %edi		/* XENVER_version */
	xor	%esi, %esi
	call	hypercall_page + __HYPERVISOR_xen_version * 32
	POP_CALLER_SAVED_BUT_RAX
	ret

/*
 * Fallback when Xen refuses VCPUOP_register_vcpu_info: the C versions on
 * shared_info's vcpu_info[0], wrapped to keep the callee-save contract.
 */
.macro CALLEE_SAVE_THUNK fn
	.globl \fn\()_thunk
\fn\()_thunk:
	PUSH_CALLER_SAVED_BUT_RAX
	call	\fn
	POP_CALLER_SAVED_BUT_RAX
	ret
.endm

CALLEE_SAVE_THUNK xen_save_fl
CALLEE_SAVE_THUNK xen_restore_fl
CALLEE_SAVE_THUNK xen_irq_disable
CALLEE_SAVE_THUNK xen_irq_enable
CALLEE_SAVE_THUNK xen_read_cr2

/*
 * The two ends of a core-owned exception entry, when not patched inline.
 * Called from the stub's first site, above Xen's frame (%rcx, %r11, then
 * the iret frame): take the interrupted %rcx and %r11 back and drop both
 * slots as we return.
 */
	.globl xen_adjust_exception_frame, xen_iret
xen_adjust_exception_frame:
	mov	8(%rsp), %rcx
	mov	16(%rsp), %r11
	ret	$16
/* Called from an iret site: the return address goes, the iret frame stays. */
xen_iret:
	add	$8, %rsp
	pushq	$0			/* iret flags; the stub pushes rax, r11, rcx */
	jmp	hypercall_page + __HYPERVISOR_iret * 32
