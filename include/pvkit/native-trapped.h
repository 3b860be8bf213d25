/* SPDX-License-Identifier: MIT */
/*
 * Native instructions a Xen PV guest uses as they are: they trap to Xen,
 * which emulates what a PV guest may see (MSRs it allows, the control
 * register reads) and injects #GP for the rest, as on hardware.  They live
 * in the native backend (.text.native, native-backend/msr.S and cpu.S);
 * both backends' ops tables point at them, as Linux's Xen ops do.
 */
#ifndef PVKIT_NATIVE_TRAPPED_H
#define PVKIT_NATIVE_TRAPPED_H

#include <pvkit/compiler.h>

/* 0, or minus the exception vector (-13 for #GP); by exception-table fixup. */
int native_read_msr_safe(uint32_t msr, uint64_t *value);
int native_write_msr_safe(uint32_t msr, uint64_t value);

unsigned long native_read_cr0(void);
void native_write_cr0(unsigned long cr0);	/* native only: Xen owns CR0 but TS */
unsigned long native_read_cr4(void);
/* Xen emulates the CR4 bits a PV guest may own and keeps the rest its own. */
void native_write_cr4(unsigned long cr4);
/* Xen performs it only for a domain with access to device memory; else ignores it. */
void native_wbinvd(void);

#endif
