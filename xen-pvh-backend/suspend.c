/* SPDX-License-Identifier: MIT */
/* xl save and restore of a PVH guest: not done yet. */
#include "pvh.h"

long xen_pvh_suspend(void)
{
	return -95;	/* EOPNOTSUPP */
}
