/* SPDX-License-Identifier: MIT */
/*
 * The boot-time probe: install the paravirt_ops of the platform found, then
 * hand over to the core.  The entry point tells the boot protocol; for a
 * PVH boot, CPUID tells whether Xen is underneath (then the image runs in
 * an HVM container: the xen-pvh backend, which is the native one with
 * Xen's console, clock, timer, events and shutdown) or KVM (the kvm
 * backend: the native one with KVM's paravirtual features).
 */
#include <pvkit/arch.h>
#include <pvkit/boot.h>
#include <pvkit/native-hvm.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

extern const struct paravirt_ops xen_pv_ops, xen_pvh_ops, kvm_ops;

struct paravirt_ops pv_ops;
char boot_hypervisor[13];

#define CPUID_HYPERVISOR_BIT	(1u << 31)	/* leaf 1, ecx */
#define CPUID_HYPERVISOR_BASE	0x40000000

/* Fills sig (13 bytes) with the hypervisor signature; false if none. */
static bool hypervisor_signature(char sig[13])
{
	struct cpuid_regs r = { .eax = 1 };

	arch_cpuid(&r);
	if (!(r.ecx & CPUID_HYPERVISOR_BIT))
		return false;
	r = (struct cpuid_regs) { .eax = CPUID_HYPERVISOR_BASE };
	arch_cpuid(&r);
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	return true;
}

static void probe_report(enum pv_entry entry, const struct boot_info *bi)
{
	char sig[13];
	bool hv = hypervisor_signature(sig);

	if (hv)
		memcpy(boot_hypervisor, sig, sizeof(boot_hypervisor));
	bool xen = hv && !strcmp(sig, "XenVMMXenVMM");
	bool kvm = hv && !memcmp(sig, "KVMKVMKVM", 10);
	const char *platform;

	if (entry == PV_ENTRY_XEN_PV)
		platform = "Xen PV domain";
	else if (xen)
		platform = "PVH guest of Xen (HVM container)";
	else if (kvm && pv_ops.init.setup == kvm_ops.init.setup)
		platform = "PVH guest of KVM";
	else if (hv)
		platform = "PVH boot under another hypervisor";
	else
		platform = "bare metal (PVH boot)";
	printk("pvkit: probe: entry=%s hypervisor=%s -> backend %s: %s\n",
	       bi->loader, hv ? sig : "none", pv_ops.name, platform);
	if (entry == PV_ENTRY_XEN_PV && !xen)
		printk("pvkit: warning: Xen PV entry but CPUID does not report Xen\n");
}

/*
 * Before any op is installed, so with the instruction itself: CPUID's
 * hypervisor bit, then Xen's signature at 0x40000000 or 0x100 further on
 * (Xen moves its leaves up when it also offers Viridian's).
 */
static bool cpuid_shows_xen(void)
{
	struct cpuid_regs r = { .eax = 1 };

	native_cpuid(&r);
	if (!(r.ecx & CPUID_HYPERVISOR_BIT))
		return false;
	for (uint32_t base = CPUID_HYPERVISOR_BASE; base < CPUID_HYPERVISOR_BASE + 0x10000;
	     base += 0x100) {
		r = (struct cpuid_regs) { .eax = base };
		native_cpuid(&r);
		if (!memcmp(&r.ebx, "XenV", 4) && !memcmp(&r.ecx, "MMXe", 4) &&
		    !memcmp(&r.edx, "nVMM", 4))
			return true;
	}
	return false;
}

/* KVM's signature at 0x40000000: "KVMKVMKVM\0\0\0" (kvm=off hides it). */
static bool cpuid_shows_kvm(void)
{
	struct cpuid_regs r = { .eax = 1 };

	native_cpuid(&r);
	if (!(r.ecx & CPUID_HYPERVISOR_BIT))
		return false;
	r = (struct cpuid_regs) { .eax = CPUID_HYPERVISOR_BASE };
	native_cpuid(&r);
	return r.eax >= CPUID_HYPERVISOR_BASE + 1 && !memcmp(&r.ebx, "KVMK", 4) &&
	       !memcmp(&r.ecx, "VMKV", 4) && !memcmp(&r.edx, "M\0\0\0", 4);
}

/*
 * A backend built on the native one (xen-pvh) leaves NULL the ops where the
 * native op is right: they are filled from native_ops.
 */
static void install(const struct paravirt_ops *ops, const struct paravirt_ops *base)
{
	const void *const *from = (const void *const *)ops;
	const void *const *under = (const void *const *)base;
	const void **to = (const void **)&pv_ops;

	pv_ops = *ops;
	for (size_t slot = PV_SLOT(init, setup); slot < PV_NR_SLOTS; slot++)
		if (!from[slot])
			to[slot] = under[slot];
}

void pvkit_start(enum pv_entry entry, void *boot_data)
{
	static struct boot_info bi;

	if (entry == PV_ENTRY_XEN_PV)
		pv_ops = xen_pv_ops;
	else if (cpuid_shows_xen())
		install(&xen_pvh_ops, &native_ops);
	else if (cpuid_shows_kvm())
		install(&kvm_ops, &native_ops);
	else
		pv_ops = native_ops;
	PVOP_VCALL2(PV_SITE_CALL_LEN, init.setup, boot_data, &bi);
	milestone("entry");
	milestone("console");
	probe_report(entry, &bi);
	pvkit_main(&bi);
}
