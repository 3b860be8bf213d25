/* SPDX-License-Identifier: MIT */
/*
 * The boot-time probe: install the paravirt_ops of the platform found, then
 * hand over to the core.  The entry point tells the boot protocol; CPUID
 * tells whether a hypervisor is underneath (a PVH boot under Xen is an HVM
 * container: the native backend's instructions are the right ones there).
 */
#include <pvkit/arch.h>
#include <pvkit/boot.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

extern const struct paravirt_ops native_ops, xen_pv_ops;

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
	const char *platform;

	if (entry == PV_ENTRY_XEN_PV)
		platform = "Xen PV domain";
	else if (xen)
		platform = "PVH guest of Xen (HVM container)";
	else if (hv)
		platform = "PVH boot under another hypervisor";
	else
		platform = "bare metal (PVH boot)";
	printk("pvkit: probe: entry=%s hypervisor=%s -> backend %s: %s\n",
	       bi->loader, hv ? sig : "none", pv_ops.name, platform);
	if (entry == PV_ENTRY_XEN_PV && !xen)
		printk("pvkit: warning: Xen PV entry but CPUID does not report Xen\n");
}

void pvkit_start(enum pv_entry entry, void *boot_data)
{
	static struct boot_info bi;

	pv_ops = entry == PV_ENTRY_XEN_PV ? xen_pv_ops : native_ops;
	PVOP_VCALL2(PV_SITE_CALL_LEN, init.setup, boot_data, &bi);
	milestone("entry");
	milestone("console");
	probe_report(entry, &bi);
	pvkit_main(&bi);
}
