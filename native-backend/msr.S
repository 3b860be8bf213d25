/* SPDX-License-Identifier: MIT */
/*
 * rdmsr and wrmsr that survive a #GP: the exception table sends a faulting
 * instruction to a fixup that returns minus the vector it recorded.
 */
	.section .text.native, "ax"

/* int native_read_msr_safe(uint32_t msr (edi), uint64_t *value (rsi)) */
	.globl native_read_msr_safe
native_read_msr_safe:
	mov	%edi, %ecx
1:	rdmsr
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, (%rsi)
	xor	%eax, %eax
	ret
2:	mov	last_fault(%rip), %rax		/* fault_record.vector */
	neg	%eax
	ret
	.pushsection __ex_table, "a"
	.balign 8
	.quad	1b, 2b
	.popsection

/* int native_write_msr_safe(uint32_t msr (edi), uint64_t value (rsi)) */
	.globl native_write_msr_safe
native_write_msr_safe:
	mov	%edi, %ecx
	mov	%esi, %eax
	mov	%rsi, %rdx
	shr	$32, %rdx
3:	wrmsr
	xor	%eax, %eax
	ret
4:	mov	last_fault(%rip), %rax
	neg	%eax
	ret
	.pushsection __ex_table, "a"
	.balign 8
	.quad	3b, 4b
	.popsection
