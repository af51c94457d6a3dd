/*
 * libxstore: a small synchronous xenstore client on xenstored's Unix
 * socket, for dom0 daemons (xenconsoled) and tools (xm).
 *
 * Requests wait for their reply; watch events that arrive meanwhile are
 * queued and handed out by xstore_next_event(). xstore_pump() reads what
 * the socket holds without blocking (call it when poll() says the fd is
 * readable). One thread per handle.
 *
 * Transactions: xstore_txn_start() gives an id that the xstore_txn_*
 * calls take (XSTORE_NO_TXN: none; the plain calls are those); end it
 * with commit or abort. A commit answers -EAGAIN when another writer
 * changed a node the transaction touched: nothing was applied, redo the
 * whole transaction. xstore_transact() does that loop, a bounded number
 * of times.
 */
#ifndef TOOLS_LIBS_XSTORE_H
#define TOOLS_LIBS_XSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xstore;

/* path NULL: $XENSTORED_PATH, else /run/xenstored/socket. NULL + errno. */
struct xstore *xstore_open(const char *path);
void xstore_close(struct xstore *xs);
int xstore_fd(const struct xstore *xs);
/* The value (NUL-terminated, malloc'd) or NULL with errno (ENOENT...). */
char *xstore_read(struct xstore *xs, const char *path);
/* 0 or -errno. */
int xstore_write(struct xstore *xs, const char *path, const char *value);
int xstore_mkdir(struct xstore *xs, const char *path);
int xstore_rm(struct xstore *xs, const char *path);
/* perms: "n0", "r5", ... (owner first, then the others' default and exceptions). */
int xstore_set_perms(struct xstore *xs, const char *path, const char *const perms[], size_t n);
/* XS_INTRODUCE of a domain's store ring (its mfn) and event channel. */
int xstore_introduce(struct xstore *xs, unsigned int domid, unsigned long mfn, unsigned int port);
/* The children of path as "a\0b\0" (malloc'd, *len bytes), or NULL + errno. */
char *xstore_directory(struct xstore *xs, const char *path, size_t *len);
int xstore_watch(struct xstore *xs, const char *path, const char *token);
int xstore_unwatch(struct xstore *xs, const char *path, const char *token);

typedef uint32_t xstore_txn_t;
#define XSTORE_NO_TXN ((xstore_txn_t)0)
/* 0 and *t, or -errno (ENOSPC: the daemon's quota of open transactions). */
int xstore_txn_start(struct xstore *xs, xstore_txn_t *t);
/* 0, -EAGAIN (commit only: a conflict, nothing applied) or -errno. t is
 * ended whatever the answer. */
int xstore_txn_end(struct xstore *xs, xstore_txn_t t, bool commit);
/* The calls above, inside transaction t. */
char *xstore_txn_read(struct xstore *xs, xstore_txn_t t, const char *path);
int xstore_txn_write(struct xstore *xs, xstore_txn_t t, const char *path, const char *value);
int xstore_txn_mkdir(struct xstore *xs, xstore_txn_t t, const char *path);
int xstore_txn_rm(struct xstore *xs, xstore_txn_t t, const char *path);
int xstore_txn_set_perms(struct xstore *xs, xstore_txn_t t, const char *path,
			 const char *const perms[], size_t n);
char *xstore_txn_directory(struct xstore *xs, xstore_txn_t t, const char *path, size_t *len);
/* A transaction's work: 0 to commit, -errno to abort (-EAGAIN: abort and retry). */
typedef int xstore_txn_body_t(struct xstore *xs, xstore_txn_t t, void *arg);
/* start, body, commit; again while the commit (or the body) answers
 * -EAGAIN, at most tries times. 0, the body's error, -EAGAIN after tries
 * conflicts, or -errno. */
int xstore_transact(struct xstore *xs, unsigned int tries, xstore_txn_body_t *body, void *arg);
/* Read what the socket holds, queueing events. 0, or -errno when the daemon is gone. */
int xstore_pump(struct xstore *xs);
/* The oldest queued event: true and *path, *token (valid until the next call). */
bool xstore_next_event(struct xstore *xs, const char **path, const char **token);

#endif /* TOOLS_LIBS_XSTORE_H */
