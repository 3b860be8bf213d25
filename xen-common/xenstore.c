/* SPDX-License-Identifier: MIT */
/*
 * xenstore: requests and replies are struct xsd_sockmsg headers followed
 * by their payload, through the two 1 KiB rings of the store page; the
 * store event channel says "look at the rings".  Watch events come into
 * the same reply ring, between replies, and are counted.  Calls wait by yielding,
 * with a deadline, so a silent xenstored is an error, not a hang; once a
 * call timed out, the next ones fail at once until xenstored reads the
 * ring again (one wait, not one per call, for a store that is gone).
 */
#include <pvkit/compiler.h>
#include <xen/io/xs_wire.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include <xen-common/fault.h>
#include <xen-common/hypercall.h>
#include <xen-common/xen-common.h>
#include <xen-common/xenstore.h>

#define DEADLINE_NS	2000000000ULL
#define ETIMEDOUT	110

static struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static uint32_t next_req_id;
static unsigned long watch_events;	/* watch events seen so far */
static bool stalled;			/* a call timed out, req_cons was then: */
static XENSTORE_RING_IDX stalled_cons;
/* fail=xen-store-silent: a ring of our own, which no xenstored reads. */
static struct xenstore_domain_interface silent_ring;

static const struct { const char *name; int errno_value; } errors[] = {
	{ "ENOENT", 2 }, { "EIO", 5 }, { "EACCES", 13 }, { "EEXIST", 17 },
	{ "EINVAL", 22 }, { "ENOSPC", 28 }, { "EROFS", 30 }, { "E2BIG", 7 },
	{ "EAGAIN", 11 }, { "EBUSY", 16 }, { "ENOSYS", 38 }, { "EQUOTA", 122 },
};

void xen_xenstore_init(void *store_ring, evtchn_port_t store_port)
{
	ring = store_ring;
	port = store_port;
	stalled = false;
	if (xen_fault(FORCE_XEN_STORE_SILENT)) {
		printk("pvkit: xen: xenstore: the ring nobody answers, injected by "
		       "fail=xen-store-silent\n");
		ring = &silent_ring;
	}
	xen_evtchn_unmask(port, "xenstore");
}

static const char *request_name(uint32_t type)
{
	switch (type) {
	case XS_DIRECTORY: return "DIRECTORY";
	case XS_READ: return "READ";
	case XS_WATCH: return "WATCH";
	case XS_TRANSACTION_START: return "TRANSACTION_START";
	case XS_TRANSACTION_END: return "TRANSACTION_END";
	case XS_WRITE: return "WRITE";
	case XS_RM: return "RM";
	default: return "request";
	}
}

/* A call ran out of time: say so once, and fail the next ones until xenstored reads. */
static long timed_out(uint32_t type, const char *path)
{
	if (!stalled)
		printk("pvkit: xen: xenstore: no reply to %s %s within %lu ms: "
		       "xenstored does not answer; calls fail until it reads the ring\n",
		       request_name(type), path, (unsigned long)(DEADLINE_NS / 1000000));
	stalled = true;
	stalled_cons = READ_ONCE(ring->req_cons);
	return -ETIMEDOUT;
}

static bool wait_until(bool (*ready)(size_t), size_t arg, uint64_t deadline)
{
	while (!ready(arg)) {
		if (xen_clock_ns() > deadline)
			return false;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

static bool req_space(size_t n)
{
	return XENSTORE_RING_SIZE - (ring->req_prod - READ_ONCE(ring->req_cons)) >= n;
}

static bool rsp_avail(size_t n)
{
	return READ_ONCE(ring->rsp_prod) - ring->rsp_cons >= n;
}

static bool ring_write(const void *data, size_t len, uint64_t deadline)
{
	const char *p = data;

	while (len) {
		size_t n = len < XENSTORE_RING_SIZE / 2 ? len : XENSTORE_RING_SIZE / 2;
		XENSTORE_RING_IDX prod = ring->req_prod;

		if (!wait_until(req_space, n, deadline))
			return false;
		for (size_t i = 0; i < n; i++)
			ring->req[MASK_XENSTORE_IDX(prod + i)] = p[i];
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->req_prod = prod + (XENSTORE_RING_IDX)n;
		xen_evtchn_send(port);
		p += n;
		len -= n;
	}
	return true;
}

/* Reads len bytes (into buf if not NULL, up to size of them). */
static bool ring_read(char *buf, size_t size, size_t len, uint64_t deadline)
{
	for (size_t done = 0; done < len; done++) {
		XENSTORE_RING_IDX cons = ring->rsp_cons;

		if (!wait_until(rsp_avail, 1, deadline))
			return false;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (buf && done < size)
			buf[done] = ring->rsp[MASK_XENSTORE_IDX(cons)];
		ring->rsp_cons = cons + 1;
	}
	xen_evtchn_send(port);
	return true;
}

static long error_reply(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(errors); i++)
		if (!strcmp(name, errors[i].name))
			return -errors[i].errno_value;
	return -5;
}

/*
 * One request (payload = the parts, each NUL-terminated but the last when
 * last_nul is false) and its reply's payload in out.  Returns the payload
 * length or -errno.  Watch events met on the way are counted.
 */
static long request(uint32_t tx, uint32_t type, const char *const parts[], int nparts,
		    bool last_nul, char *out, size_t size)
{
	uint64_t deadline = xen_clock_ns() + DEADLINE_NS;
	struct xsd_sockmsg msg = { .type = type, .req_id = ++next_req_id, .tx_id = tx };
	char err[16];

	if (!ring)
		return -ETIMEDOUT;
	if (stalled && READ_ONCE(ring->req_cons) == stalled_cons)
		return -ETIMEDOUT;
	stalled = false;
	for (int i = 0; i < nparts; i++)
		msg.len += (uint32_t)strlen(parts[i]) + (i < nparts - 1 || last_nul);
	if (msg.len > XENSTORE_PAYLOAD_MAX)
		return -7;	/* E2BIG */
	if (!ring_write(&msg, sizeof(msg), deadline))
		return timed_out(type, parts[0]);
	for (int i = 0; i < nparts; i++)
		if (!ring_write(parts[i], strlen(parts[i]) + (i < nparts - 1 || last_nul), deadline))
			return timed_out(type, parts[0]);
	for (;;) {
		struct xsd_sockmsg reply;

		if (!ring_read((char *)&reply, sizeof(reply), sizeof(reply), deadline))
			return timed_out(type, parts[0]);
		if (reply.type == XS_WATCH_EVENT)
			watch_events++;
		if (reply.type == XS_WATCH_EVENT || reply.req_id != msg.req_id) {
			if (!ring_read(NULL, 0, reply.len, deadline))
				return timed_out(type, parts[0]);
			continue;
		}
		if (reply.type == XS_ERROR) {
			memset(err, 0, sizeof(err));
			if (!ring_read(err, sizeof(err) - 1, reply.len, deadline))
				return timed_out(type, parts[0]);
			return error_reply(err);
		}
		if (!ring_read(out, size, reply.len, deadline))
			return timed_out(type, parts[0]);
		return reply.len;
	}
}

long xenstore_tx_read(uint32_t tx, const char *path, char *buf, size_t size)
{
	const char *parts[] = { path };
	long n = request(tx, XS_READ, parts, 1, true, buf, size - 1);

	if (n < 0)
		buf[0] = '\0';		/* no value: empty, not what the buffer held */
	else
		buf[(size_t)n < size - 1 ? (size_t)n : size - 1] = '\0';
	return n;
}

/* A two-part request whose reply is only "OK": 0 or -errno. */
static long ok_request(uint32_t tx, uint32_t type, const char *const parts[], int nparts,
		       bool last_nul)
{
	char ok[4];
	long n = request(tx, type, parts, nparts, last_nul, ok, sizeof(ok));

	return n < 0 ? n : 0;
}

/* The value goes without a NUL: xenstored stores exactly its bytes. */
long xenstore_tx_write(uint32_t tx, const char *path, const char *value)
{
	const char *parts[] = { path, value };

	return ok_request(tx, XS_WRITE, parts, 2, false);
}

long xenstore_tx_rm(uint32_t tx, const char *path)
{
	const char *parts[] = { path };

	return ok_request(tx, XS_RM, parts, 1, true);
}

/* The reply's payload is the new transaction's id, in decimal. */
long xenstore_transaction_start(uint32_t *tx)
{
	const char *parts[] = { "" };
	char id[16];
	long n = request(0, XS_TRANSACTION_START, parts, 1, true, id, sizeof(id) - 1);
	uint32_t value = 0;

	if (n < 0)
		return n;
	id[(size_t)n < sizeof(id) - 1 ? (size_t)n : sizeof(id) - 1] = '\0';
	for (const char *p = id; *p >= '0' && *p <= '9'; p++)
		value = value * 10 + (uint32_t)(*p - '0');
	if (!value)
		return -5;	/* EIO: xenstored answered something that is not an id */
	*tx = value;
	return 0;
}

long xenstore_transaction_end(uint32_t tx, bool commit)
{
	const char *parts[] = { commit ? "T" : "F" };

	return ok_request(tx, XS_TRANSACTION_END, parts, 1, true);
}

long xenstore_directory(const char *path, char *buf, size_t size)
{
	const char *parts[] = { path };
	long n = request(0, XS_DIRECTORY, parts, 1, true, buf, size), count = 0;

	if (n < 0)
		return n;
	if ((size_t)n > size)
		return -7;	/* E2BIG: the caller's buffer is too small */
	for (long i = 0; i < n; i++)
		count += buf[i] == '\0';
	return count;
}

long xenstore_watch(const char *path, const char *token)
{
	const char *parts[] = { path, token };

	return ok_request(0, XS_WATCH, parts, 2, true);
}

/*
 * Takes the watch events waiting in the reply ring (none is waited for):
 * returns how many have been seen in all.  Callers read the watched nodes
 * again when the count moves.
 */
unsigned long xenstore_watch_events(void)
{
	struct xsd_sockmsg head;

	while (ring && READ_ONCE(ring->rsp_prod) - ring->rsp_cons >= sizeof(head)) {
		uint64_t deadline = xen_clock_ns() + DEADLINE_NS;

		for (size_t i = 0; i < sizeof(head); i++)
			((char *)&head)[i] = ring->rsp[MASK_XENSTORE_IDX(ring->rsp_cons + i)];
		if (READ_ONCE(ring->rsp_prod) - ring->rsp_cons < sizeof(head) + head.len)
			break;		/* not all there yet */
		if (!ring_read(NULL, 0, sizeof(head) + head.len, deadline))
			break;
		if (head.type == XS_WATCH_EVENT)
			watch_events++;
	}
	return watch_events;
}
