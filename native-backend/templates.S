/* SPDX-License-Identifier: MIT */
/*
 * Native patch templates: the instructions an irq site becomes, kept as
 * data in .rodata (never executed here, only copied into call sites).
 */
#include <pvkit/patch-template.h>

PV_TEMPLATE native, irq_disable
	cli
PV_TEMPLATE_END native, irq_disable

PV_TEMPLATE native, irq_enable
	sti
PV_TEMPLATE_END native, irq_enable

PV_TEMPLATE native, save_fl
	pushf
	pop	%rax
PV_TEMPLATE_END native, save_fl

PV_TEMPLATE native, restore_fl
	push	%rdi
	popf
PV_TEMPLATE_END native, restore_fl

PV_TEMPLATE native, read_cr2
	mov	%cr2, %rax
PV_TEMPLATE_END native, read_cr2

PV_TEMPLATE native, iret
	iretq
PV_TEMPLATE_END native, iret
