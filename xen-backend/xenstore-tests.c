/* SPDX-License-Identifier: MIT */
/* The xenstore client against the real xenstored. */
#include <pvkit/selftest.h>
#include <pvkit/string.h>
#include <xen-common/xenstore.h>

#define KEY "data/pvkit-selftest"

SELFTEST(test_xenstore_read_write, "xen.xenstore_read_write", "xen-pv")
{
	char buf[128];
	long n = xenstore_read("name", buf, sizeof(buf));

	CHECK(n > 0, "reading our name failed: %ld", n);
	n = xenstore_write(KEY, "hello from pvkit");
	CHECK(n == 0, "writing %s failed: %ld", KEY, n);
	n = xenstore_read(KEY, buf, sizeof(buf));
	CHECK(n == 16 && !strcmp(buf, "hello from pvkit"), "read back %ld bytes: \"%s\"", n, buf);
}

SELFTEST(test_xenstore_errors, "xen.xenstore_error_replies", "xen-pv")
{
	char buf[256];
	long n = xenstore_read("data/no-such-key", buf, sizeof(buf));
	bool found = false;

	CHECK(n == -2, "reading a missing key gave %ld, want -2 (ENOENT)", n);
	/* A domain may not write outside its own subtree. */
	n = xenstore_write("/local/domain/0/pvkit-was-here", "x");
	CHECK(n == -13, "writing into dom0's tree gave %ld, want -13 (EACCES)", n);
	n = xenstore_write(KEY, "x");
	n = n ?: xenstore_directory("data", buf, sizeof(buf));
	for (long i = 0, off = 0; n > 0 && i < n; i++, off += (long)strlen(buf + off) + 1)
		found |= !strcmp(buf + off, "pvkit-selftest");
	CHECK(n > 0 && found, "directory of data/ (%ld entries) lacks pvkit-selftest", n);
}

/* xl reads these before it asks a PV guest to shut down or reboot. */
SELFTEST(test_control_features, "xen.control_features_advertised", "xen-pv")
{
	char buf[8];

	CHECK(xenstore_read("control/feature-poweroff", buf, sizeof(buf)) == 1 &&
	      !strcmp(buf, "1"), "control/feature-poweroff is not \"1\"");
	CHECK(xenstore_read("control/feature-reboot", buf, sizeof(buf)) == 1 &&
	      !strcmp(buf, "1"), "control/feature-reboot is not \"1\"");
	CHECK(xenstore_read("control/feature-suspend", buf, sizeof(buf)) == 1 &&
	      !strcmp(buf, "1"), "control/feature-suspend is not \"1\"");
}

#define TX_KEY "data/pvkit-tx"
#define EAGAIN 11

/* Starts from a missing TX_KEY; xenstored answers OK or ENOENT for a missing node. */
static bool tx_key_removed(void)
{
	long rc = xenstore_tx_rm(0, TX_KEY);

	return rc == 0 || rc == -2;
}

SELFTEST(test_xenstore_tx_commit, "xen.xenstore_transaction_commit", "xen-pv")
{
	char buf[16];
	uint32_t tx = 0;
	long rc;

	CHECK(tx_key_removed(), "cannot remove %s", TX_KEY);
	rc = xenstore_transaction_start(&tx);
	CHECK(rc == 0 && tx != 0, "transaction_start gave %ld, id %u", rc, tx);
	rc = xenstore_tx_write(tx, TX_KEY, "inside");
	CHECK(rc == 0, "write inside the transaction gave %ld", rc);
	rc = xenstore_read(TX_KEY, buf, sizeof(buf));
	CHECK(rc == -2, "outside the transaction the write is seen before commit (%ld)", rc);
	rc = xenstore_tx_read(tx, TX_KEY, buf, sizeof(buf));
	CHECK(rc == 6 && !strcmp(buf, "inside"), "inside, the transaction reads %ld \"%s\"",
	      rc, buf);
	rc = xenstore_transaction_end(tx, true);
	CHECK(rc == 0, "commit gave %ld", rc);
	rc = xenstore_read(TX_KEY, buf, sizeof(buf));
	CHECK(rc == 6 && !strcmp(buf, "inside"), "after commit the node reads %ld \"%s\"", rc, buf);
}

SELFTEST(test_xenstore_tx_abort, "xen.xenstore_transaction_abort", "xen-pv")
{
	char buf[16];
	uint32_t tx = 0;
	long rc;

	CHECK(tx_key_removed(), "cannot remove %s", TX_KEY);
	rc = xenstore_transaction_start(&tx) ?: xenstore_tx_write(tx, TX_KEY, "dropped");
	CHECK(rc == 0, "transaction start or write gave %ld", rc);
	rc = xenstore_transaction_end(tx, false);
	CHECK(rc == 0, "abort gave %ld", rc);
	rc = xenstore_read(TX_KEY, buf, sizeof(buf));
	CHECK(rc == -2, "after abort the node exists (%ld, \"%s\")", rc, buf);
}

/* A transaction whose reads were changed under it must not commit. */
SELFTEST(test_xenstore_tx_conflict, "xen.xenstore_transaction_conflict", "xen-pv")
{
	char buf[16];
	uint32_t tx = 0;
	long rc = xenstore_write(TX_KEY, "first");

	CHECK(rc == 0, "write gave %ld", rc);
	rc = xenstore_transaction_start(&tx);
	CHECK(rc == 0, "transaction_start gave %ld", rc);
	rc = xenstore_tx_read(tx, TX_KEY, buf, sizeof(buf));
	CHECK(rc == 5, "read inside gave %ld", rc);
	rc = xenstore_write(TX_KEY, "other");
	CHECK(rc == 0, "the concurrent write gave %ld", rc);
	rc = xenstore_tx_write(tx, TX_KEY, "mine");
	CHECK(rc == 0, "write inside gave %ld", rc);
	rc = xenstore_transaction_end(tx, true);
	CHECK(rc == -EAGAIN, "commit after a conflicting write gave %ld, want -11 (EAGAIN)", rc);
	rc = xenstore_read(TX_KEY, buf, sizeof(buf));
	CHECK(rc == 5 && !strcmp(buf, "other"), "the node reads %ld \"%s\", want \"other\"",
	      rc, buf);
}
