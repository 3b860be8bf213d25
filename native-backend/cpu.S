/*
 * Small native CPU ops in assembly: read_cr2 (callee-save, like the irq
 * ops), the null trap the benchmarks time, and the control registers.
 */
#include "vectors.h"

	.section .text.native, "ax"

	.globl native_read_cr2
native_read_cr2:
	mov	%cr2, %rax
	ret

/* The cheapest trap: a software interrupt to a handler that only returns. */
	.globl native_null_trap, native_null_trap_handler
native_null_trap:
	int	$NATIVE_NULL_TRAP_VECTOR
	ret
native_null_trap_handler:
	iretq

/* Control registers.  Xen PV uses the reads too: it emulates them on trap. */
	.globl native_read_cr0, native_write_cr0, native_read_cr4
native_read_cr0:
	mov	%cr0, %rax
	ret
native_write_cr0:
	mov	%rdi, %cr0
	ret
native_read_cr4:
	mov	%cr4, %rax
	ret
