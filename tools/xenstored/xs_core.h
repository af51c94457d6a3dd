/*
 * xenstored's pure core: the store, its connections and the wire protocol,
 * with no I/O of its own.
 *
 * A front end (the Unix socket of xenstored.c today, domain rings next)
 * owns the byte streams. It creates a connection per client, hands every
 * byte it receives to xs_conn_input() and writes out what
 * xs_conn_output() holds, in order, popping each message once it is fully
 * written. A connection is only a domid and a queue of outgoing messages:
 * the same core serves sockets and rings.
 *
 * Invariants the front end can rely on:
 *  - xs_conn_input() never blocks and never calls back into the front end
 *    except through struct xs_io_ops; it returns -1 when the peer broke
 *    the protocol (a header announcing more than XENSTORE_PAYLOAD_MAX
 *    bytes), after which the connection must be closed (xs_conn_free).
 *  - Output of any connection may grow while another one is processed
 *    (watch events): after each input the front end flushes them all.
 *  - Out of memory aborts the daemon (xs_xmalloc); every other failure is
 *    an XS_ERROR reply to the client.
 *
 * Single-threaded: the core takes no lock; the caller serialises calls.
 */
#ifndef XENSTORED_XS_CORE_H
#define XENSTORED_XS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/io/xs_wire.h"

#define XS_DOMID_FIRST_RESERVED 0x7ff0
#define XS_DOMID_SELF 0x7ff0

struct xs_store;
struct xs_conn;

/* Per-domain limits for unprivileged domains (Xen 4.17's defaults). */
struct xs_quota {
	unsigned int nodes;	   /* nodes a domain may own: 1000 */
	unsigned int watches;	   /* watches per domain: 128 */
	unsigned int transactions; /* open transactions per connection: 10 */
	unsigned int node_size;	   /* bytes of one node record: 2048 */
	unsigned int perms;	   /* permission entries per node: 5 */
	unsigned int path_max;	   /* path bytes below the domain's home: 2048 */
	unsigned int txn_nodes;	   /* nodes one transaction may touch: 1024 */
	unsigned int out_events;   /* queued watch events per connection */
};

/* Hooks into the front end; every member is optional. */
struct xs_io_ops {
	/* XS_INTRODUCE of a new domain: attach its ring. 0 or XEN_E*. */
	int (*introduce)(void *opaque, struct xs_conn *conn, int64_t gfn, uint32_t port);
	/* The domain's connection is about to be freed (release, death). */
	void (*release)(void *opaque, struct xs_conn *conn);
	/* Output was queued on a connection. */
	void (*kick)(void *opaque, struct xs_conn *conn);
	/* CONTROL print: a line for the daemon's log. */
	void (*log)(void *opaque, const char *line);
};

/* One outgoing message: header and payload, contiguous. */
struct xs_out {
	struct xs_out *next;
	uint32_t size; /* sizeof(struct xsd_sockmsg) + payload */
	bool event;    /* an XS_WATCH_EVENT (may be dropped or merged) */
	unsigned char data[];
};

struct xs_store *xs_store_new(const struct xs_io_ops *ops, void *opaque);
void xs_store_free(struct xs_store *s);
struct xs_quota *xs_store_quota(struct xs_store *s);
/* Recount everything (tree shape, owners, watches); 0 or -1 with *why. */
int xs_store_check(struct xs_store *s, const char **why);
unsigned int xs_store_nodes(const struct xs_store *s);

/* A dom0 tools connection (Unix socket): domid 0, privileged. */
struct xs_conn *xs_conn_new_socket(struct xs_store *s);
void xs_conn_free(struct xs_conn *c);
int xs_conn_input(struct xs_conn *c, const void *buf, size_t len);
const struct xs_out *xs_conn_output(const struct xs_conn *c);
void xs_conn_output_pop(struct xs_conn *c);
/* A ring reconnection: drop watches, transactions, partial input, output. */
void xs_conn_reset(struct xs_conn *c);
uint16_t xs_conn_domid(const struct xs_conn *c);
void *xs_conn_priv(const struct xs_conn *c);
void xs_conn_set_priv(struct xs_conn *c, void *priv);

/* Domain lifecycle, as requests and as core calls (VIRQ_DOM_EXC). */
int xs_domain_introduce(struct xs_store *s, uint16_t domid, int64_t gfn, uint32_t port);
int xs_domain_release(struct xs_store *s, uint16_t domid);
void xs_domain_shutdown(struct xs_store *s, uint16_t domid);
struct xs_conn *xs_domain_conn(struct xs_store *s, uint16_t domid);

/* The name of a XEN_E* error as the wire spells it ("ENOENT"). */
const char *xs_error_name(int err);

#endif /* XENSTORED_XS_CORE_H */
