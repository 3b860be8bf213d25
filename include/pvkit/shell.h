/* SPDX-License-Identifier: MIT */
/* The console shell of a kernel that stays up (the stay option). */
#ifndef PVKIT_SHELL_H
#define PVKIT_SHELL_H

/* Reads what was typed and runs each complete line; never waits. */
void shell_poll(void);

#endif
