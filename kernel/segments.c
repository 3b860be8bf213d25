/* SPDX-License-Identifier: MIT */
/*
 * What the CPU itself reports about segments: a selector's limit (lsl)
 * and the code selector in use (mov from %cs).  Both are unprivileged and
 * read only; they are the audit's allowed uses outside the native backend
 * (tools/sensitive.c), each in its one function here.
 */
#include <pvkit/desc.h>

long segment_limit(unsigned int selector)
{
	unsigned long limit;
	bool ok;

	__asm__ __volatile__("lsl %2, %0; setz %1"
			     : "=r"(limit), "=qm"(ok) : "r"((unsigned long)selector) : "cc");
	return ok ? (long)limit : -1;
}

uint16_t code_selector(void)
{
	uint16_t cs;

	__asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
	return cs;
}
