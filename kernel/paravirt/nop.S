/* SPDX-License-Identifier: MIT */
/* The op that does nothing; the patcher turns its call sites into NOPs. */
	.text
	.globl paravirt_nop
paravirt_nop:
	ret
