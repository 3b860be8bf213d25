/* SPDX-License-Identifier: MIT */
/*
 * A xenstore client over the store ring from start_info.  Paths without a
 * leading '/' are relative to /local/domain/<our domid>.  Each call returns
 * a length or 0 on success, or -errno: xenstored's error (-2 for ENOENT,
 * -13 for EACCES, ...) or -110 when no answer came within 2 s.
 */
#ifndef XEN_XENSTORE_H
#define XEN_XENSTORE_H

#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

/* The store ring (mapped) and its event channel. */
void xen_xenstore_init(void *ring, evtchn_port_t port);

/*
 * Transactions: reads and writes with a transaction's id see and change a
 * snapshot; ending it with commit applies them all or, when another writer
 * touched what it read, none (-11, EAGAIN: start again).  Id 0 is "none".
 */
long xenstore_transaction_start(uint32_t *tx);
long xenstore_transaction_end(uint32_t tx, bool commit);

/* The value, NUL-terminated in buf (cut to size - 1); returns its length. */
long xenstore_tx_read(uint32_t tx, const char *path, char *buf, size_t size);
long xenstore_tx_write(uint32_t tx, const char *path, const char *value);
/* Removes path and everything below it. */
long xenstore_tx_rm(uint32_t tx, const char *path);

static inline long xenstore_read(const char *path, char *buf, size_t size)
{
	return xenstore_tx_read(0, path, buf, size);
}

static inline long xenstore_write(const char *path, const char *value)
{
	return xenstore_tx_write(0, path, value);
}
/* Asks for a watch event whenever path (or below it) changes; one comes at once. */
long xenstore_watch(const char *path, const char *token);
/* Watch events seen so far, after taking those waiting (never waits). */
unsigned long xenstore_watch_events(void);
/* The children's names, each NUL-terminated, in buf; returns their count. */
long xenstore_directory(const char *path, char *buf, size_t size);

#endif
