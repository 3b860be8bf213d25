/*
 * Xen patch template: irq_disable as one store to this vCPU's upcall mask
 * in its per-cpu area.  Data in .rodata, copied into call sites.
 */
#include <pvkit/percpu-abi.h>

	.section .rodata.pv_templates, "a"
	.globl xen_tpl_irq_disable, xen_tpl_irq_disable_end
xen_tpl_irq_disable:
	movb	$1, %gs:(PERCPU_PLATFORM_OFFSET + 1)	/* vcpu_info.evtchn_upcall_mask */
xen_tpl_irq_disable_end:

	.globl xen_tpl_read_cr2, xen_tpl_read_cr2_end
xen_tpl_read_cr2:
	mov	%gs:(PERCPU_PLATFORM_OFFSET + 16), %rax	/* vcpu_info.arch.cr2 */
xen_tpl_read_cr2_end:

/* An exception entry: Xen put the interrupted %rcx and %r11 above the iret frame. */
	.globl xen_tpl_adjust_exception_frame, xen_tpl_adjust_exception_frame_end
xen_tpl_adjust_exception_frame:
	pop	%rcx
	pop	%r11
xen_tpl_adjust_exception_frame_end:

/*
 * irq_enable: unmask, then if an event came while masked, have it
 * delivered (the per-cpu slot holds xen_check_events, which keeps every
 * register but %rax).  28 bytes: irq_enable sites are that long.
 */
	.globl xen_tpl_irq_enable, xen_tpl_irq_enable_end
xen_tpl_irq_enable:
	movb	$0, %gs:(PERCPU_PLATFORM_OFFSET + 1)	/* vcpu_info.evtchn_upcall_mask */
	testb	$0xff, %gs:PERCPU_PLATFORM_OFFSET	/* vcpu_info.evtchn_upcall_pending */
	jz	1f
	call	*%gs:PERCPU_PLATFORM_CALL_OFFSET
1:
xen_tpl_irq_enable_end:
