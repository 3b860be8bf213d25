/* SPDX-License-Identifier: MIT */
/* Small helpers the self-tests share. */
#ifndef PVKIT_TESTS_HELPERS_H
#define PVKIT_TESTS_HELPERS_H

#include <pvkit/compiler.h>

/* Executes ud2 under an exception-table entry: true once it faulted and resumed. */
bool ud2_recovered(void);

#endif
