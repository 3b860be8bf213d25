/* SPDX-License-Identifier: MIT */
/* MSR access for the core: through the ops, panicking where safety is not asked for. */
#include <pvkit/arch.h>
#include <pvkit/msr.h>
#include <pvkit/printk.h>

uint64_t read_msr(uint32_t msr)
{
	uint64_t value;
	int rc = arch_read_msr_safe(msr, &value);

	if (rc)
		panic("rdmsr %#x failed: exception %d", msr, -rc);
	return value;
}

void write_msr(uint32_t msr, uint64_t value)
{
	int rc = arch_write_msr_safe(msr, value);

	if (rc)
		panic("wrmsr %#x <- %#lx failed: exception %d", msr, (unsigned long)value, -rc);
}
