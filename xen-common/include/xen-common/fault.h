/* SPDX-License-Identifier: MIT */
/*
 * Test-only faults below the kernel: fail=xen-vcpu-info, xen-store-silent,
 * xen-evtchn and xen-early (kernel/options.c) make the Xen code act as if
 * Xen or the back-ends had failed at one place, so the tests can see the
 * kernel's answer to a failure that a healthy host never produces.  The
 * Xen PV setup reads the command line first thing (options_parse_quiet),
 * so a fault holds from the first hypercall on.
 */
#ifndef XEN_COMMON_FAULT_H
#define XEN_COMMON_FAULT_H

#include <pvkit/options.h>

/* What an injected hypercall failure returns: -EPERM, as a refusing Xen would. */
#define XEN_FAULT_RC	(-1L)

static inline bool xen_fault(enum forced_failure f)
{
	return kopt.fail == f;
}

#endif
