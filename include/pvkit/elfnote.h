/* SPDX-License-Identifier: MIT */
/* ELF note emission from assembly: ELFNOTE Xen, XEN_ELFNOTE_x, <directive>. */
#ifndef PVKIT_ELFNOTE_H
#define PVKIT_ELFNOTE_H

#ifdef __ASSEMBLER__
.macro ELFNOTE name, type, desc:vararg
	.pushsection .note.\name, "a", @note
	.balign 4
	.long 2f - 1f		/* namesz */
	.long 4f - 3f		/* descsz */
	.long \type
1:	.asciz "\name"
2:	.balign 4
3:	\desc
4:	.balign 4
	.popsection
.endm
#endif

#endif
