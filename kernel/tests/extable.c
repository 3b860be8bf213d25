/* SPDX-License-Identifier: MIT */
/* Faults with an exception-table entry are recovered, on every backend. */
#include <pvkit/arch.h>
#include <pvkit/extable.h>
#include <pvkit/selftest.h>
#include "helpers.h"

/* Canonical, and mapped by neither backend's page tables. */
#define UNMAPPED 0x400000000000UL

SELFTEST(test_pagefault_fixup, "trap.pagefault_recovered", NULL)
{
	unsigned long before = last_fault.count, value = 0x1234;
	bool faulted = false;

	__asm__ __volatile__("1: mov (%[addr]), %[val]\n\t"
			     "jmp 3f\n\t"
			     "2: movb $1, %[faulted]\n\t"
			     "3:\n\t"
			     _ASM_EXTABLE(1b, 2b)
			     : [val] "+r"(value), [faulted] "+m"(faulted)
			     : [addr] "r"(UNMAPPED) : "memory");
	CHECK(faulted && last_fault.count == before + 1, "the read of %#lx did not fault",
	      UNMAPPED);
	CHECK(last_fault.vector == 14, "vector %lu, want 14 (#PF)", (unsigned long)last_fault.vector);
	CHECK(last_fault.cr2 == UNMAPPED, "cr2 %#lx, want %#lx", (unsigned long)last_fault.cr2,
	      UNMAPPED);
	CHECK(arch_read_cr2() == UNMAPPED, "read_cr2 op gives %#lx", arch_read_cr2());
	CHECK(value == 0x1234, "the faulting load wrote its destination");
}

/* A ud2 the backend's #UD path recovers through the exception table. */
bool ud2_recovered(void)
{
	bool faulted = false;

	__asm__ __volatile__("1: ud2\n\t"
			     "jmp 3f\n\t"
			     "2: movb $1, %[faulted]\n\t"
			     "3:\n\t"
			     _ASM_EXTABLE(1b, 2b)
			     : [faulted] "+m"(faulted) :: "memory");
	return faulted;
}

SELFTEST(test_invalid_opcode_fixup, "trap.invalid_opcode_recovered", NULL)
{
	unsigned long before = last_fault.count;
	bool faulted = ud2_recovered();

	CHECK(faulted && last_fault.count == before + 1, "ud2 did not fault");
	CHECK(last_fault.vector == 6, "vector %lu, want 6 (#UD)", (unsigned long)last_fault.vector);
}
