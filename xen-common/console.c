/* SPDX-License-Identifier: MIT */
/*
 * The PV console: the shared ring page (Xen PV: from start_info; PVH: from
 * HVM_PARAM_CONSOLE_PFN), kicked through its event channel.  xenconsoled
 * copies it to the console log and to `xl console`.  console_io is used
 * before the ring is known and in dom0; a domU's console_io is dropped by
 * a non-debug Xen.
 */
#include <pvkit/compiler.h>
#include <xen/io/console.h>
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include <xen-common/xen-common.h>

/* Time we wait for xenconsoled to drain a full ring before dropping output. */
#define FULL_RING_WAIT_NS	2000000000ULL

static struct xencons_interface *ring;
static evtchn_port_t port;
static unsigned long dropped;

evtchn_port_t xen_console_port(void)
{
	return port;
}

void xen_console_init(void *console_ring, evtchn_port_t console_port)
{
	ring = console_ring;
	port = console_port;
	if (ring)
		xen_evtchn_unmask(port, "console");	/* the back-end's "taken" notifications */
}

/*
 * Before shared_info: the ring without its event (no unmask, which needs
 * the event bitmaps), for a reason that must get out before a stop.
 */
void xen_console_init_early(void *console_ring, evtchn_port_t console_port)
{
	ring = console_ring;
	port = console_port;
}

static void notify(void)
{
	xen_evtchn_send(port);
}

static bool wait_for_space(void)
{
	uint64_t start = xen_clock_ns();

	notify();
	while (ring->out_prod - READ_ONCE(ring->out_cons) >= sizeof(ring->out)) {
		if (xen_clock_ns() - start > FULL_RING_WAIT_NS)
			return false;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

void xen_console_write(const char *buf, size_t len)
{
	if (!ring) {
		HYPERVISOR_console_io(CONSOLEIO_write, len, buf);
		return;
	}
	while (len) {
		XENCONS_RING_IDX prod = ring->out_prod;

		if (prod - READ_ONCE(ring->out_cons) >= sizeof(ring->out) && !wait_for_space()) {
			dropped += len;		/* nobody reads the console */
			return;
		}
		while (len && prod - READ_ONCE(ring->out_cons) < sizeof(ring->out)) {
			ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *buf++;
			prod++;
			len--;
		}
		barrier();	/* x86 keeps stores in order; the compiler must too */
		ring->out_prod = prod;
		notify();
	}
}

/* Waits until xenconsoled has taken everything; false on timeout. */
bool xen_console_flush(uint64_t timeout_ns)
{
	uint64_t start;

	if (!ring)
		return true;
	start = xen_clock_ns();
	notify();
	while (READ_ONCE(ring->out_cons) != ring->out_prod) {
		if (xen_clock_ns() - start > timeout_ns)
			return false;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

/*
 * Without a clock (before shared_info): yields instead of a deadline, as
 * many as take xenconsoled about a second under QEMU TCG when it never
 * answers, and far fewer when it does.
 */
#define EARLY_DRAIN_YIELDS	200000UL

bool xen_console_flush_early(void)
{
	if (!ring)
		return true;
	notify();
	for (unsigned long i = 0; i < EARLY_DRAIN_YIELDS; i++) {
		if (READ_ONCE(ring->out_cons) == ring->out_prod)
			return true;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return false;
}

/* Input: xenconsoled puts what is typed in xl console into the in ring. */
unsigned long xen_console_read(char *buf, size_t len)
{
	XENCONS_RING_IDX cons, prod;
	size_t n = 0;

	if (!ring)
		return 0;
	cons = ring->in_cons;
	prod = READ_ONCE(ring->in_prod);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	while (cons != prod && n < len)
		buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	ring->in_cons = cons;
	if (n)
		notify();
	return n;
}
