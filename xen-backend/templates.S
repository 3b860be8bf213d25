/* SPDX-License-Identifier: MIT */
/*
 * Xen patch templates: the irq ops and read_cr2 on this vCPU's vcpu_info
 * in its per-cpu area (percpu-gs/), and the exception-frame fix-up.  Data
 * in .rodata, copied into call sites.
 */
#include <pvkit/patch-template.h>
#include <pvkit/percpu-abi.h>

/* irq_disable: one store to the upcall mask. */
PV_TEMPLATE xen, irq_disable
	movb	$1, %gs:(PERCPU_PLATFORM_OFFSET + 1)	/* vcpu_info.evtchn_upcall_mask */
PV_TEMPLATE_END xen, irq_disable

PV_TEMPLATE xen, read_cr2
	mov	%gs:(PERCPU_PLATFORM_OFFSET + 16), %rax	/* vcpu_info.arch.cr2 */
PV_TEMPLATE_END xen, read_cr2

/* An exception entry: Xen put the interrupted %rcx and %r11 above the iret frame. */
PV_TEMPLATE xen, adjust_exception_frame
	pop	%rcx
	pop	%r11
PV_TEMPLATE_END xen, adjust_exception_frame

/*
 * irq_enable: unmask, then if an event came while masked, have it
 * delivered (the per-cpu slot holds xen_check_events, which keeps every
 * register but %rax).  28 bytes: irq_enable sites are that long.
 */
PV_TEMPLATE xen, irq_enable
	movb	$0, %gs:(PERCPU_PLATFORM_OFFSET + 1)	/* vcpu_info.evtchn_upcall_mask */
	testb	$0xff, %gs:PERCPU_PLATFORM_OFFSET	/* vcpu_info.evtchn_upcall_pending */
	jz	1f
	call	*%gs:PERCPU_PLATFORM_CALL_OFFSET
1:
PV_TEMPLATE_END xen, irq_enable

/*
 * save_fl: X86_EFLAGS_IF in %rax when events are not masked.  The compare
 * borrows (CF=1) only for a mask of 0, so sbb gives all ones exactly then;
 * a 32-bit result clears the upper half of %rax.  16 bytes.
 */
PV_TEMPLATE xen, save_fl
	cmpb	$1, %gs:(PERCPU_PLATFORM_OFFSET + 1)	/* vcpu_info.evtchn_upcall_mask */
	sbb	%eax, %eax
	and	$0x200, %eax				/* X86_EFLAGS_IF */
PV_TEMPLATE_END xen, save_fl

/*
 * restore_fl: the mask is the inverse of %rdi's IF bit (bit 9); when that
 * unmasks, the same pending test and branch over the call as irq_enable.
 * Nothing but the flags changes (%rax only if the call is taken).  34 bytes.
 */
PV_TEMPLATE xen, restore_fl
	bt	$9, %edi				/* CF = X86_EFLAGS_IF */
	setnc	%gs:(PERCPU_PLATFORM_OFFSET + 1)	/* vcpu_info.evtchn_upcall_mask */
	jnc	1f
	testb	$0xff, %gs:PERCPU_PLATFORM_OFFSET	/* vcpu_info.evtchn_upcall_pending */
	jz	1f
	call	*%gs:PERCPU_PLATFORM_CALL_OFFSET
1:
PV_TEMPLATE_END xen, restore_fl
