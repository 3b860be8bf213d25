/* SPDX-License-Identifier: MIT */
/* The boot CPU's stack; both entry paths switch to it before any C code. */
#include <pvkit/compiler.h>
#include <pvkit/layout.h>

unsigned char boot_stack[BOOT_STACK_SIZE] __aligned(PAGE_SIZE);
