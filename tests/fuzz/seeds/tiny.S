/* SPDX-License-Identifier: MIT */
/*
 * A tiny pvkit-like image, the ELF seed of the tools' fuzz targets
 * (tests/fuzz/make-seeds.py links it): an escape and a Xen-emulated cpuid
 * in .text, a sensitive instruction in .text.native, two site records, a
 * template table, an ops table and an override list.
 */
	.text
	.globl	_start
_start:	cli
	ud2
	.ascii	"xen"
	cpuid
	call	*pv_ops+16(%rip)
	ret

	.section .text.native, "ax"
	.globl	native_irq_disable
native_irq_disable:
	cli
	ret
tpl_cli:
	cli
tpl_cli_end:

	.section .rodata, "a"
	.balign	8
	.globl	native_templates, native_nr_templates, native_ops, xen_percpu_overrides
native_templates:
	.short	2, 0
	.long	0
	.quad	tpl_cli, tpl_cli_end
native_nr_templates:
	.quad	1
native_ops:
	.quad	0, 0, native_irq_disable, 0
xen_percpu_overrides:
	.quad	2, native_irq_disable
	.quad	0, 0

	.section .pv_sites, "a"
	.balign	8
	.quad	_start + 8
	.short	2
	.byte	9, 0
	.short	0, 0
	.quad	_start + 8
	.short	3
	.byte	6, 0
	.short	1, 0

	.data
	.globl	pv_ops
pv_ops:	.fill	64, 8, 0

	/* A benchmark loop (tools/pathstat): its site calls the op's function. */
	.text
	.globl	bench_irq_inline
	.type	bench_irq_inline, @function
bench_irq_inline:
	call	native_irq_disable
	nop
	ret
	.size	bench_irq_inline, . - bench_irq_inline
