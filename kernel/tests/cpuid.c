/* SPDX-License-Identifier: MIT */
/* The cpuid op answers the basic leaves. */
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
