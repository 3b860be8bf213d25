/* SPDX-License-Identifier: MIT */
/*
 * The xenstore client (xen-common/xenstore.c) against a xenstored that
 * answers anything: the input's first byte says how many calls to make,
 * the next bytes which ones (and their buffer sizes), the rest is the
 * reply ring's byte stream, fed in as the client makes room.  The clock
 * moves a tenth of a second per look, so a deadline comes soon.  Checked
 * (and by ASan on exact-size buffers): results are lengths or -errno,
 * strings end inside their buffers, a directory has no more names than
 * bytes, the watch count never goes back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pvkit/compiler.h>

/* The host stands in for the hypercalls, the clock and the event channels. */
#define XEN_HYPERCALL_H
#include <xen/xen.h>
#include <xen/sched.h>
static long HYPERVISOR_sched_op(int cmd, void *arg);

#include "../../xen-common/xenstore.c"

#define fail(...) do { fprintf(stderr, "fuzz_xenstore: " __VA_ARGS__); abort(); } while (0)

static struct xenstore_domain_interface fake;
static const uint8_t *stream;
static size_t stream_left;
static uint64_t now;

/* xenstored's side: take every request, put in what the ring has room for. */
static void xenstored(void)
{
	fake.req_cons = fake.req_prod;
	while (stream_left && fake.rsp_prod - fake.rsp_cons < XENSTORE_RING_SIZE) {
		fake.rsp[MASK_XENSTORE_IDX(fake.rsp_prod)] = (char)*stream++;
		fake.rsp_prod++;
		stream_left--;
	}
}

static long HYPERVISOR_sched_op(int cmd, void *arg)
{
	(void)arg;
	if (cmd != SCHEDOP_yield)
		fail("sched_op %d\n", cmd);
	xenstored();
	return 0;
}

uint64_t xen_clock_ns(void)
{
	return now += 100000000;
}

long xen_evtchn_send(evtchn_port_t p)
{
	if (p != 7)
		fail("send on port %u\n", p);
	xenstored();
	return 0;
}

/* No fault injected; the client's messages are not checked. */
struct kernel_options kopt;

void printk(const char *fmt, ...)
{
	(void)fmt;
}

long xen_evtchn_unmask(evtchn_port_t p, const char *user)
{
	(void)p;
	(void)user;
	return 0;
}

static void check_result(const char *call, long n)
{
	if (n < -122 || n > 0xffffffffL)
		fail("%s returned %ld\n", call, n);
}

static void check_string(const char *call, const char *buf, size_t size)
{
	if (!memchr(buf, '\0', size))
		fail("%s: no NUL inside the %zu-byte buffer\n", call, size);
}

static void one_call(uint8_t what)
{
	size_t size = 1 + (what >> 3) * 9;	/* 1 to 280 bytes */
	char *buf = malloc(size);
	uint32_t tx = 0;
	unsigned long before = watch_events;
	long n = 0;

	switch (what & 7) {
	case 0:
		n = xenstore_tx_read(what & 0x80 ? 5 : 0, "name", buf, size);
		check_result("read", n);
		if (n >= 0)
			check_string("read", buf, size);
		break;
	case 1:
		n = xenstore_tx_write(0, "data/key", "value");
		check_result("write", n);
		break;
	case 2:
		n = xenstore_tx_rm(0, "data/key");
		check_result("rm", n);
		break;
	case 3:
		n = xenstore_transaction_start(&tx);
		check_result("transaction_start", n);
		if (!n && !tx)
			fail("transaction 0 started\n");
		break;
	case 4:
		n = xenstore_transaction_end(3, what & 0x80);
		check_result("transaction_end", n);
		break;
	case 5:
		n = xenstore_directory("data", buf, size);
		check_result("directory", n);
		if (n > (long)size)
			fail("directory: %ld names in %zu bytes\n", n, size);
		break;
	case 6:
		n = xenstore_watch("control/shutdown", "token");
		check_result("watch", n);
		break;
	case 7:
		xenstore_watch_events();
		break;
	}
	if (watch_events < before)
		fail("the watch count went back\n");
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int calls;

	if (!size)
		return 0;
	calls = 1 + data[0] % 8;
	if (size < 1 + calls)
		return 0;
	memset(&fake, 0, sizeof(fake));
	stream = data + 1 + calls;
	stream_left = size - 1 - calls;
	now = 0;
	next_req_id = 0;
	watch_events = 0;
	xen_xenstore_init(&fake, 7);
	xenstored();
	for (unsigned int i = 0; i < calls; i++)
		one_call(data[1 + i]);
	return 0;
}
