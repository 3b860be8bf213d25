/* SPDX-License-Identifier: MIT */
/* MSRs through the ops: a real one reads, a missing one gives #GP, not a crash. */
#include <pvkit/arch.h>
#include <pvkit/boot.h>
#include <pvkit/string.h>
#include <pvkit/msr.h>
#include <pvkit/selftest.h>

/* No such MSR: #GP on hardware, KVM and Xen (which injects it into PV guests). */
#define MSR_MISSING 0xdeadbeef

SELFTEST(test_msr_read, "cpu.msr_read_efer", NULL)
{
	uint64_t efer = 0;
	int rc = arch_read_msr_safe(MSR_EFER, &efer);

	CHECK(rc == 0, "rdmsr EFER failed: %d", rc);
	CHECK(efer & EFER_LMA, "EFER %#lx lacks LMA in long mode", (unsigned long)efer);
	CHECK(read_msr(MSR_EFER) == efer, "read_msr and read_msr_safe disagree");
}

SELFTEST(test_msr_missing, "cpu.msr_missing_gives_gp", NULL)
{
	uint64_t value = 0x5a5a;
	int rc;

	if (!strcmp(boot_hypervisor, "TCGTCGTCGTCG")) {
		selftest_skip("QEMU TCG reads and writes unknown MSRs without #GP");
		return;
	}
	rc = arch_read_msr_safe(MSR_MISSING, &value);

	CHECK(rc == -13, "rdmsr %#x gave %d, want -13 (#GP)", MSR_MISSING, rc);
	CHECK(value == 0x5a5a, "a failed rdmsr wrote its result");
	rc = arch_write_msr_safe(MSR_MISSING, 1);
	CHECK(rc == -13, "wrmsr %#x gave %d, want -13 (#GP)", MSR_MISSING, rc);
}
