/* SPDX-License-Identifier: MIT */
/* Port I/O: only the native backend may use it. */
#ifndef NATIVE_IO_H
#define NATIVE_IO_H

#include <pvkit/compiler.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" :: "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* A write to the POST port takes about 1us on ISA-era hardware. */
static inline void io_delay(void)
{
	outb(0x80, 0);
}

#endif
