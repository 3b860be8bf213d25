/* The cpuid op answers the basic leaves, and says Xen under the Xen backend. */
#include <pvkit/arch.h>
#include <pvkit/selftest.h>
#include <pvkit/string.h>

SELFTEST(test_cpuid_basic, "cpu.cpuid_basic", NULL)
{
	struct cpuid_regs r = { .eax = 0 };
	char vendor[13];

	arch_cpuid(&r);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
	CHECK(r.eax >= 1, "max basic leaf %u", r.eax);
	for (int i = 0; i < 12; i++)
		CHECK(vendor[i] >= ' ' && vendor[i] < 127, "vendor byte %d is %#x", i,
		      (unsigned)(unsigned char)vendor[i]);
}

SELFTEST(test_cpuid_xen_leaf, "cpu.cpuid_sees_xen", "xen-pv")
{
	struct cpuid_regs r = { .eax = 0x40000000 };

	arch_cpuid(&r);
	CHECK(!memcmp(&r.ebx, "XenV", 4) && !memcmp(&r.ecx, "MMXe", 4) &&
	      !memcmp(&r.edx, "nVMM", 4), "leaf 0x40000000 is not XenVMMXenVMM");
	CHECK(r.eax >= 0x40000002, "Xen max leaf %#x", r.eax);
}
