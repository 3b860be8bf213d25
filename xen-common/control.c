/* SPDX-License-Identifier: MIT */
/*
 * The toolstack's requests: xl shutdown / xl reboot / xl save write
 * "poweroff", "reboot" or "suspend" into our control/shutdown node; we
 * advertise what we answer to, watch the node, and acknowledge a request
 * by clearing it.
 */
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include <xen-common/xen-common.h>
#include <xen-common/xenstore.h>

#define NODE "control/shutdown"

static unsigned long events_handled;

void xen_control_init(void)
{
	long rc = xenstore_write("control/feature-poweroff", "1") ?:
		  xenstore_write("control/feature-reboot", "1") ?:
		  xenstore_write("control/feature-suspend", "1") ?:
		  xenstore_watch(NODE, "pvkit-control");

	if (rc)
		printk("pvkit: xen: control node setup failed (%ld): xl shutdown will not be "
		       "answered\n", rc);
}

unsigned long xen_host_request(void)
{
	unsigned long events = xenstore_watch_events();
	char what[32];

	if (events == events_handled)
		return HOST_NONE;
	events_handled = events;
	if (xenstore_read(NODE, what, sizeof(what)) <= 0)
		return HOST_NONE;
	xenstore_write(NODE, "");	/* acknowledged: the toolstack waits for this */
	if (!strcmp(what, "poweroff") || !strcmp(what, "halt"))
		return HOST_POWEROFF;
	if (!strcmp(what, "reboot"))
		return HOST_REBOOT;
	if (!strcmp(what, "suspend"))
		return HOST_SUSPEND;
	printk("pvkit: xen: host asked for \"%s\", which this kernel does not do\n", what);
	return HOST_NONE;
}
