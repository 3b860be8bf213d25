/* SPDX-License-Identifier: MIT */
/* The first link's stand-in for the symbol table (tools/gensyms.sh makes the real one). */
	.section .rodata.ksyms, "a"
	.balign 8
	.globl ksym_count, ksyms, ksym_names
ksym_count:
	.quad	0
ksyms:
ksym_names:
	.byte	0
