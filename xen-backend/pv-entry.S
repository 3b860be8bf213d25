/* SPDX-License-Identifier: MIT */
/*
 * Xen PV entry.  The domain builder reads the notes below, maps the image
 * at its link addresses (VIRT_BASE 0: virtual = pseudo-physical), fills the
 * hypercall page and enters xen_pv_entry in 64-bit mode with %rsi = start_info.
 * Also here: the callbacks Xen enters, which need hand-made frames.
 */
#include <xen/xen.h>
#include <xen/elfnote.h>
#include <pvkit/asm-regs.h>
#include <pvkit/elfnote.h>
#include <pvkit/layout.h>

ELFNOTE Xen, XEN_ELFNOTE_GUEST_OS,	.asciz "pvkit"
ELFNOTE Xen, XEN_ELFNOTE_GUEST_VERSION,	.asciz "0.1"
ELFNOTE Xen, XEN_ELFNOTE_XEN_VERSION,	.asciz "xen-3.0"
ELFNOTE Xen, XEN_ELFNOTE_LOADER,	.asciz "generic"
ELFNOTE Xen, XEN_ELFNOTE_VIRT_BASE,	.quad 0
ELFNOTE Xen, XEN_ELFNOTE_PADDR_OFFSET,	.quad 0
ELFNOTE Xen, XEN_ELFNOTE_ENTRY,		.quad xen_pv_entry
ELFNOTE Xen, XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page

	.text
	.globl xen_pv_entry
	.type xen_pv_entry, @function
xen_pv_entry:
	cld
	rdtsc				/* the boot clock starts here */
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, xen_entry_tsc(%rip)
	mov	$(boot_stack + BOOT_STACK_SIZE), %rsp
	mov	%rsi, %rdi
	call	xen_pv_start
	ud2
	.size xen_pv_entry, . - xen_pv_entry

/*
 * Event upcall.  Xen masked events, pushed %rcx and %r11 above an iret
 * frame whose RFLAGS.IF is the old mask, and entered here.  The iret
 * hypercall restores the mask from that IF; its stub in the hypercall page
 * pushes %rax, %r11 and %rcx itself, we push the flags word.
 */
	.globl xen_event_callback
xen_event_callback:
	pop	%rcx
	pop	%r11
	push	%rax
	PUSH_CALLER_SAVED_BUT_RAX
	call	xen_evtchn_do_upcall
	POP_CALLER_SAVED_BUT_RAX
	pop	%rax
	pushq	$0
	jmp	hypercall_page + __HYPERVISOR_iret * 32

/* Xen could not load our segment state on return: nothing to repair here. */
	.globl xen_failsafe_callback
xen_failsafe_callback:
	pop	%rcx
	pop	%r11
	mov	%rsp, %rdi
	call	xen_failsafe
	ud2

/* Exceptions: same frame as the upcall, with the error code if any. */
.macro XEN_EXC_STUB vec
	.balign 16
xen_exc_stub_\vec:
	pop	%rcx
	pop	%r11
	PUSH_ERROR_CODE_IF_NONE \vec
	pushq	$\vec
	jmp	xen_exc_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	XEN_EXC_STUB \v
	.endr

xen_exc_common:
	PUSH_ALL_GPRS
	mov	%rsp, %rdi
	call	xen_exception		/* returns if the fault had a fixup */
	POP_ALL_GPRS
	add	$16, %rsp		/* vector, error code */
	pushq	$0			/* iret flags; the stub pushes rax, r11, rcx */
	jmp	hypercall_page + __HYPERVISOR_iret * 32

	.section .rodata
	.balign 8
	.globl xen_exception_stubs
xen_exception_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad xen_exc_stub_\v
	.endr

	.data
	.balign 8
	.globl xen_entry_tsc
xen_entry_tsc:
	.quad	0
