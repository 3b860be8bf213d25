/* SPDX-License-Identifier: MIT */
/* Compiler helpers shared by the whole kernel (freestanding gnu11). */
#ifndef PVKIT_COMPILER_H
#define PVKIT_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __used          __attribute__((used))
#define __noreturn      __attribute__((noreturn))
#define __noinline      __attribute__((noinline))
#define __aligned(n)    __attribute__((aligned(n)))
#define __section(s)    __attribute__((section(s)))
#define __printf(a, b)  __attribute__((format(printf, a, b)))
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define barrier()       __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)    (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)

#define STRINGIFY_(x)   #x
#define STRINGIFY(x)    STRINGIFY_(x)

#endif
