/* The xenstore client against the real xenstored. */
#include <pvkit/selftest.h>
#include <pvkit/string.h>
#include "xenstore.h"

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
}
