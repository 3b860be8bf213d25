/* SPDX-License-Identifier: MIT */
/*
 * The hypercall page (<xen-common/hypercall.h> calls into it).  Xen PV:
 * the domain builder fills it (XEN_ELFNOTE_HYPERCALL_PAGE, pv-entry.S);
 * PVH: the guest asks Xen to, by writing the page's address to the MSR
 * that CPUID leaf base + 2 names.  Stubs are syscall on PV, vmmcall or
 * vmcall in an HVM container.
 */
/* Filled by Xen with one 32-byte stub per hypercall; int3 until then. */
	.section .text.hypercall_page, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc
	.size hypercall_page, 4096
