/*
 * Native patch templates: the instructions an irq site becomes, kept as
 * data in .rodata (never executed here, only copied into call sites).
 */
	.section .rodata.pv_templates, "a"

.macro TEMPLATE name
	.globl native_tpl_\name, native_tpl_\name\()_end
native_tpl_\name:
.endm
.macro END_TEMPLATE name
native_tpl_\name\()_end:
.endm

TEMPLATE irq_disable
	cli
END_TEMPLATE irq_disable

TEMPLATE irq_enable
	sti
END_TEMPLATE irq_enable

TEMPLATE save_fl
	pushf
	pop	%rax
END_TEMPLATE save_fl

TEMPLATE restore_fl
	push	%rdi
	popf
END_TEMPLATE restore_fl

TEMPLATE read_cr2
	mov	%cr2, %rax
END_TEMPLATE read_cr2

TEMPLATE iret
	iretq
END_TEMPLATE iret
