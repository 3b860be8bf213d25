/* SPDX-License-Identifier: MIT */
/* Control registers through the ops: long mode is on, CR0.TS round-trips. */
#include <pvkit/arch.h>
#include <pvkit/selftest.h>

#define CR0_PE	0x1UL
#define CR0_TS	0x8UL
#define CR0_PG	0x80000000UL
#define CR4_PAE	0x20UL

SELFTEST(test_control_registers, "cpu.control_registers", NULL)
{
	unsigned long cr0 = arch_read_cr0();

	CHECK((cr0 & (CR0_PE | CR0_PG)) == (CR0_PE | CR0_PG), "CR0 %#lx lacks PE or PG", cr0);
	CHECK(arch_read_cr4() & CR4_PAE, "CR4 %#lx lacks PAE", arch_read_cr4());
	arch_write_cr0(cr0 | CR0_TS);
	CHECK(arch_read_cr0() & CR0_TS, "CR0.TS did not set (%#lx)", arch_read_cr0());
	arch_write_cr0(cr0 & ~CR0_TS);
	CHECK(!(arch_read_cr0() & CR0_TS), "CR0.TS did not clear (%#lx)", arch_read_cr0());
	arch_write_cr0(cr0);
}
