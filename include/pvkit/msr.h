/* SPDX-License-Identifier: MIT */
/*
 * Model-specific registers.  The *_safe forms return 0, or minus the
 * exception vector (-13 for #GP) when the MSR does not exist or refuses the
 * value; the plain forms panic then.
 */
#ifndef PVKIT_MSR_H
#define PVKIT_MSR_H

#include <pvkit/compiler.h>
#include <pvkit/native-trapped.h>

#define MSR_EFER	0xc0000080
#define EFER_LMA	(1UL << 10)

uint64_t read_msr(uint32_t msr);
void write_msr(uint32_t msr, uint64_t value);

#endif
