/* SPDX-License-Identifier: MIT */
/* Self-tests that only mean something on Xen PV. */
#include <pvkit/arch.h>
#include <pvkit/desc.h>
#include <pvkit/patch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/smp.h>
#include <pvkit/sites.h>
#include <pvkit/string.h>
#include <xen-common/hypercall.h>
#include "xen.h"

#define WAIT_NS 2000000000ULL


/* The console back-end's event arrives through the upcall (xen-common/console-event.c). */
SELFTEST(test_console_ring_event, "xen.console_event_upcall", "xen-pv")
{
	const char *why;

	printk("pvkit: xen: waiting for the console back-end's event on port %u\n",
	       xen_console_port());
	why = xen_console_event_wait(WAIT_NS);
	CHECK(!why, "%s", why);
}

/*
 * The ops move the mask byte Xen reads, in the copy Xen uses: the per-cpu
 * one, or after a refused registration shared_info's slot.
 */
SELFTEST(test_xen_mask_byte, "xen.irq_ops_set_upcall_mask", "xen-pv")
{
	unsigned int me = this_cpu_read(cpu);
	const volatile uint8_t *mask = &xen_this_vcpu()->evtchn_upcall_mask;
	unsigned long saved = arch_local_irq_save();

	if (xen_vcpu_info_rc) {
		CHECK(xen_vcpu_info_legacy && !xen_vcpu_info_percpu,
		      "registration refused, but the shared_info fallback is not on");
		CHECK(xen_this_vcpu() == &xen_shared_info->vcpu_info[me],
		      "vcpu_info at %p, shared_info's slot at %p", (void *)xen_this_vcpu(),
		      (void *)&xen_shared_info->vcpu_info[me]);
	} else {
		CHECK(xen_vcpu_info_percpu, "vcpu_info is not in the per-cpu area");
		CHECK((const void *)xen_vcpu == percpu_areas[0].platform,
		      "vcpu_info at %p, per-cpu slot at %p", (void *)xen_vcpu,
		      (void *)percpu_areas[0].platform);
	}
	CHECK(*mask == 1, "mask %u after irq_save", *mask);
	arch_local_irq_enable();
	CHECK(*mask == 0, "mask %u after irq_enable", *mask);
	arch_local_irq_disable();
	CHECK(*mask == 1, "mask %u after irq_disable", *mask);
	arch_local_irq_restore(X86_EFLAGS_IF);
	CHECK(*mask == 0, "mask %u after restore_fl(IF)", *mask);
	arch_local_irq_restore(saved);
}

/* The shared_info fallback: no template fits, so each site calls the op (or is as built). */
void xen_check_sites_call_op(unsigned int op)
{
	const void *fn = ((void *const *)&pv_ops)[op];

	for_each_site(s) {
		unsigned long target;
		enum site_form form;

		if (s->op != op || s->mode != PV_SITE_MODE_BOOT)
			continue;
		form = site_decode(s, &target);
		if (pvpatch_mode == PVPATCH_OFF)
			CHECK(form == SITE_INDIRECT, "%s site %#lx was patched", pv_op_name(op),
			      (unsigned long)s->addr);
		else
			CHECK(form == SITE_DIRECT && target == (unsigned long)fn,
			      "%s site %#lx is not a direct call to %p", pv_op_name(op),
			      (unsigned long)s->addr, fn);
	}
}

/* inline: exactly "movb $1,%gs:0x41" (65 c6 04 25 <disp32> 01); no call left. */
SELFTEST(test_xen_irq_disable_sites, "xen.irq_disable_sites", "xen-pv")
{
	static const uint8_t movb[] = { 0x65, 0xc6, 0x04, 0x25,
		PERCPU_PLATFORM_OFFSET + 1, 0x00, 0x00, 0x00, 0x01 };

	if (xen_vcpu_info_legacy) {
		xen_check_sites_call_op(PV_OP_irq_disable);
		xen_check_sites_call_op(PV_OP_irq_enable);
		return;
	}
	selftest_check_op_sites(PV_OP_irq_disable, movb, sizeof(movb), xen_irq_disable_percpu);
}

/*
 * An event that arrives while masked waits in evtchn_upcall_pending and is
 * delivered by irq_enable itself: bind an IPI channel to ourselves, send on
 * it with events masked, and see the handler run inside the enable.
 */
SELFTEST(test_xen_pending_event, "xen.event_pending_at_enable", "xen-pv")
{
	struct evtchn_bind_ipi bind = { .vcpu = 0 };
	struct evtchn_close close;
	unsigned long flags, before;
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);

	CHECK(rc == 0, "EVTCHNOP_bind_ipi failed: %ld", rc);
	if (rc)
		return;
	rc = xen_evtchn_unmask(bind.port, "self-test IPI");
	CHECK(rc == 0, "EVTCHNOP_unmask(port %u) failed: %ld", bind.port, rc);
	flags = arch_local_irq_save();
	before = xen_evtchn_count(bind.port);
	rc = xen_evtchn_send(bind.port);
	CHECK(rc == 0, "EVTCHNOP_send failed: %ld", rc);
	CHECK(READ_ONCE(xen_this_vcpu()->evtchn_upcall_pending),
	      "event not pending while masked");
	CHECK(xen_evtchn_count(bind.port) == before, "handler ran with events masked");
	arch_local_irq_enable();
	CHECK(xen_evtchn_count(bind.port) == before + 1,
	      "handler did not run at irq_enable (count %lu, want %lu)",
	      xen_evtchn_count(bind.port), before + 1);
	arch_local_irq_restore(flags);
	close.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
}

/*
 * irq.sites_keep_registers with an event pending: the irq_enable probe
 * site (inline, its unmask, the test of the pending byte and the call of
 * *%gs:0x18, xen_check_events; or the call) then runs the upcall, which
 * must keep every register but %rax too.  The handler's count shows the
 * pending path was taken.
 */
SELFTEST(test_xen_pending_keeps_registers, "xen.irq_enable_pending_keeps_registers", "xen-pv")
{
	struct evtchn_bind_ipi bind = { .vcpu = this_cpu_read(cpu) };
	struct evtchn_close close;
	unsigned long flags, before;
	bool pending;
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);

	CHECK(rc == 0, "EVTCHNOP_bind_ipi failed: %ld", rc);
	if (rc)
		return;
	rc = xen_evtchn_unmask(bind.port, "self-test IPI");
	CHECK(rc == 0, "EVTCHNOP_unmask(port %u) failed: %ld", bind.port, rc);
	flags = arch_local_irq_save();
	before = xen_evtchn_count(bind.port);
	rc = xen_evtchn_send(bind.port);
	pending = READ_ONCE(xen_this_vcpu()->evtchn_upcall_pending);
	selftest_check_irq_enable_keeps_registers();
	arch_local_irq_disable();
	CHECK(rc == 0, "EVTCHNOP_send failed: %ld", rc);
	CHECK(pending, "event not pending before the probe's irq_enable");
	CHECK(xen_evtchn_count(bind.port) == before + 1,
	      "the probe's irq_enable did not run the handler (count %lu, want %lu)",
	      xen_evtchn_count(bind.port), before + 1);
	arch_local_irq_restore(flags);
	close.port = bind.port;
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
}

extern const char __image_start[], __text_end[];

/* After patching, the PTEs Xen holds for our text have no RW bit. */
SELFTEST(test_xen_text_read_only, "xen.text_read_only", "xen-pv")
{
	for (unsigned long va = (unsigned long)__image_start; va < (unsigned long)__text_end;
	     va += PAGE_SIZE) {
		uint64_t pte = xen_lookup_pte(va);

		CHECK(pte & 1, "text page %#lx is not mapped", va);
		CHECK(!(pte & 2), "text page %#lx is writable (pte %#lx)", va, (unsigned long)pte);
	}
	CHECK(xen_lookup_pte((unsigned long)&pv_ops) & 2, "data page is read-only");
}

/*
 * The point of vcpu_info in the %gs area: while vCPU k runs its patched
 * irq_disable (movb $1,%gs:0x41), only vCPU k's mask byte is set, as every
 * vCPU reads them all.
 */
SELFTEST(test_xen_smp_mask_bytes, "xen.smp_mask_byte_per_vcpu", "xen-pv")
{
	const struct smp_irq_phases *p;
	unsigned int n = smp_cpus_online;

	if (n < 2) {
		selftest_skip("one vCPU online");
		return;
	}
	if (xen_vcpu_info_legacy) {
		selftest_skip("the mask bytes are shared_info's, not in the per-cpu areas "
			      "(VCPUOP_register_vcpu_info refused)");
		return;
	}
	p = smp_irq_phases_run(offsetof(struct vcpu_info, evtchn_upcall_mask));
	CHECK(p->rc == 0 && !p->timeouts, "the vCPUs did not all take part");
	for (unsigned int k = 0; k < n; k++)
		for (unsigned int i = 0; i < n; i++)
			for (unsigned int j = 0; j < n; j++)
				CHECK(!p->platform[k][i][j] == (j != k),
				      "phase %u: vcpu %u read vcpu %u's mask byte as %u", k, i, j,
				      p->platform[k][i][j]);
}

static struct desc_ptr ap_gdt[MAX_CPUS];
static long ap_limit[MAX_CPUS];

/* On one vCPU: the GDT it started with, and an entry written into it, as lsl sees it. */
static void probe_own_gdt(void *arg)
{
	unsigned int me = this_cpu_read(cpu);
	uint64_t *gdt;

	(void)arg;
	arch_store_gdt(&ap_gdt[me]);
	gdt = (uint64_t *)ap_gdt[me].base;
	ap_limit[me] = -1;
	if (!gdt)
		return;
	arch_write_gdt_entry(gdt, 5, desc_data_segment(0x1000 + me));
	ap_limit[me] = segment_limit(5 * 8 | 3);
	arch_write_gdt_entry(gdt, 5, 0);
}

/* VCPUOP_initialise gave every other vCPU a GDT of its own (gdt_frames), live in Xen. */
SELFTEST(test_xen_ap_gdt, "xen.smp_each_vcpu_has_its_gdt", "xen-pv")
{
	long rc;

	if (smp_cpus_online < 2) {
		selftest_skip("one vCPU online");
		return;
	}
	rc = smp_call_others(probe_own_gdt, NULL);
	CHECK(rc == 0, "smp_call_others gave %ld", rc);
	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++) {
		CHECK(ap_gdt[cpu].base && ap_gdt[cpu].limit == PAGE_SIZE - 1,
		      "vcpu %u reports GDT %#lx limit %#x", cpu, (unsigned long)ap_gdt[cpu].base,
		      ap_gdt[cpu].limit);
		CHECK(ap_limit[cpu] == 0x1000 + (long)cpu,
		      "vcpu %u: an entry in its GDT has limit %#lx, want %#x", cpu,
		      ap_limit[cpu], 0x1000 + cpu);
		for (unsigned int other = 1; other < cpu; other++)
			CHECK(ap_gdt[cpu].base != ap_gdt[other].base, "vcpus %u and %u share a GDT",
			      other, cpu);
	}
}

/* The cpuid op runs under Xen's CPUID policy, which shows Xen's leaves. */
SELFTEST(test_cpuid_xen_leaf, "cpu.cpuid_sees_xen", "xen-pv")
{
	struct cpuid_regs r = { .eax = 0x40000000 };

	arch_cpuid(&r);
	CHECK(!memcmp(&r.ebx, "XenV", 4) && !memcmp(&r.ecx, "MMXe", 4) &&
	      !memcmp(&r.edx, "nVMM", 4), "leaf 0x40000000 is not XenVMMXenVMM");
	CHECK(r.eax >= 0x40000002, "Xen max leaf %#x", r.eax);
}
