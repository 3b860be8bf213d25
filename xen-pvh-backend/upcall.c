/* SPDX-License-Identifier: MIT */
/*
 * Events in an HVM container arrive as an interrupt: Xen sets the vCPU's
 * evtchn_upcall_pending and raises XEN_PVH_UPCALL_VECTOR on it, through
 * the local APIC when the vector is the vCPU's own
 * (HVMOP_set_evtchn_upcall_vector, so it wants an EOI like any APIC
 * interrupt), or as the domain's callback vector (HVM_PARAM_CALLBACK_IRQ)
 * when Xen has no per-vCPU vector.  The gate is an interrupt gate: IF is
 * clear while the channels are scanned (xen-common/evtchn.c).  The entry
 * returns through the iret op's site, as the core's exception stubs do.
 */
#include <pvkit/compiler.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <pvkit/arch.h>
#include <pvkit/desc.h>
#include <pvkit/native-hvm.h>
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include "pvh.h"

const char *xen_pvh_upcall_how = "not set up";
static bool per_vcpu_vector;

void __used xen_pvh_upcall(void)
{
	native_apic_eoi();	/* no ISR bit set for the callback vector: harmless then */
	xen_evtchn_do_upcall();
}

static void __used xen_pvh_upcall_stub(void)
{
	__asm__ __volatile__(
		".pushsection .text.xen_pvh_upcall, \"ax\"\n\t"
		".globl xen_pvh_upcall_entry\n"
		"xen_pvh_upcall_entry:\n\t"
		"push %%rax; push %%rcx; push %%rdx; push %%rsi; push %%rdi\n\t"
		"push %%r8; push %%r9; push %%r10; push %%r11\n\t"
		"call xen_pvh_upcall\n\t"
		"pop %%r11; pop %%r10; pop %%r9; pop %%r8\n\t"
		"pop %%rdi; pop %%rsi; pop %%rdx; pop %%rcx; pop %%rax\n\t"
		ARCH_SITE_ASM
		"ud2\n\t"			/* iret does not come back */
		".popsection"
		:: ARCH_IRET_OPERANDS);
}

extern const char xen_pvh_upcall_entry[];

/* vCPU cpu's events on the vector: its own vector, else (boot vCPU) the domain's. */
long xen_pvh_upcall_vector_set(unsigned int cpu)
{
	struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = cpu, .vector = XEN_PVH_UPCALL_VECTOR };
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 | XEN_PVH_UPCALL_VECTOR,
	};
	long rc;

	if (cpu && !per_vcpu_vector)
		return 0;	/* the callback vector serves every vCPU */
	rc = HYPERVISOR_hvm_op(HVMOP_set_evtchn_upcall_vector, &uv);
	if (!rc) {
		per_vcpu_vector = true;
		xen_pvh_upcall_how = "per-vCPU upcall vector 0xf3";
		return 0;
	}
	if (cpu)
		return rc;
	rc = HYPERVISOR_hvm_op(HVMOP_set_param, &p);
	if (!rc)
		xen_pvh_upcall_how = "callback vector 0xf3";
	return rc;
}

/* The gate (in the one IDT every CPU loads), then the boot vCPU's vector. */
void xen_pvh_upcall_init(void)
{
	struct desc_ptr idt;
	struct idt_gate gate;
	long rc;

	gate = idt_gate_make((unsigned long)xen_pvh_upcall_entry, code_selector(), GATE_INTERRUPT, 0);
	arch_store_idt(&idt);
	arch_write_idt_entry((struct idt_gate *)idt.base, XEN_PVH_UPCALL_VECTOR, &gate);
	rc = xen_pvh_upcall_vector_set(0);
	if (rc)
		panic("neither HVMOP_set_evtchn_upcall_vector nor HVM_PARAM_CALLBACK_IRQ: %ld", rc);
}
