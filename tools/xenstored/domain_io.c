/*
 * The ring front end of xenstored (xs_ring.h): one struct xsd_ring per
 * domain served on a shared page, dom0's own included.
 *
 * Invariants: a live ring has a core connection (conn), a mapped page
 * (intf) and a bound local event channel port (port); conn's priv points
 * back at it. dom0's ring is a privileged connection of domid 0 and is
 * never released; others are introduced domains of the core. The core's
 * release hook tears a ring down (unbind, unmap) but only marks it dead:
 * the struct is freed by reap() once no loop walks the list, because a
 * request served on one ring (XS_RELEASE from dom0) may release another.
 * A corrupt ring (bad indices, a broken frame) is marked broken and its
 * error field set; it is served again only after the guest asks for a
 * reconnection, which drops the connection's state as Xen does.
 *
 * Output waits in the core's queue while the ring is full; requests are
 * read only while nothing waits, so a guest that stops reading its replies
 * stops being served instead of growing the daemon.
 *
 * Events (xsd_rings_event): the ports read from the device stay masked
 * while every ring is served in passes, each pass taking every complete
 * request of a ring before one notify, until a pass moves nothing (at most
 * XSD_PASSES). A client answered by one pass often sends its next request
 * before the next pass (dom0's kernel runs it on our notify); that
 * request is served without a wake, a read of the device and an unmask.
 * Then the ports are unmasked and every ring polled once more. No request
 * is left without a wake: a guest publishes req_prod before it notifies;
 * a notify that came while the port was masked stays pending in the
 * event channel and unmasking raises it again (a spurious wake at worst),
 * and one after the unmask wakes us as usual. The poll after the unmask
 * only serves at once what came between the last pass and the unmask.
 *
 * Single-threaded, like the core.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "public/errno.h"
#include "public/grant_table.h"
#include "public/xen.h"
#include "xs_ring.h"
#include "../libs/call/xcall.h"
#include "../libs/evtchn/xevtchn.h"
#include "../libs/gnttab/xgnttab.h"

enum ring_map { MAP_LOCAL, MAP_GRANT, MAP_FOREIGN };

/* Passes over the rings per event before the ports are unmasked again. */
#define XSD_PASSES 64

struct xsd_ring {
	struct xsd_ring *next;
	struct xs_conn *conn; /* NULL once dead */
	uint16_t domid;
	uint32_t port; /* local */
	struct xenstore_domain_interface *intf;
	enum ring_map map;
	size_t out_off; /* bytes of the head message already in the ring */
	bool broken;
};

struct xsd_rings {
	struct xs_store *store;
	struct xevtchn *evtchn;
	struct xcall *call;
	struct xgnttab *gnttab;
	struct xsd_ring *rings;
	uint32_t virq_port; /* VIRQ_DOM_EXC, 0 if unbound */
};

static int ring_introduce(void *opaque, struct xs_conn *conn, int64_t gfn, uint32_t port);
static void ring_release(void *opaque, struct xs_conn *conn);

static void ring_log(void *opaque, const char *line)
{
	fprintf(stderr, "xenstored: %s\n", line);
}

static const struct xs_io_ops ring_ops = {
	.introduce = ring_introduce,
	.release = ring_release,
	.log = ring_log,
};

struct xsd_rings *xsd_rings_new(struct xevtchn *e, struct xcall *c, struct xgnttab *g)
{
	struct xsd_rings *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->evtchn = e;
	r->call = c;
	r->gnttab = g;
	r->store = xs_store_new(&ring_ops, r);
	return r;
}

struct xs_store *xsd_rings_store(struct xsd_rings *r)
{
	return r->store;
}

struct xevtchn *xsd_rings_evtchn(struct xsd_rings *r)
{
	return r->evtchn;
}

struct xcall *xsd_rings_call(struct xsd_rings *r)
{
	return r->call;
}

struct xgnttab *xsd_rings_gnttab(struct xsd_rings *r)
{
	return r->gnttab;
}

/* Unbind and unmap (dom0's page belongs to the caller of attach_local). */
static void ring_teardown(struct xsd_rings *r, struct xsd_ring *d)
{
	if (d->port)
		xevtchn_unbind(r->evtchn, d->port);
	d->port = 0;
	if (d->intf && d->map == MAP_GRANT)
		xgnttab_unmap(r->gnttab, d->intf);
	else if (d->intf && d->map == MAP_FOREIGN)
		xcall_unmap_foreign(r->call, d->intf);
	d->intf = NULL;
	d->out_off = 0;
	d->broken = false;
}

static void reap(struct xsd_rings *r)
{
	struct xsd_ring **pp = &r->rings, *d;

	while ((d = *pp))
		if (d->conn) {
			pp = &d->next;
		} else {
			*pp = d->next;
			free(d);
		}
}

void xsd_rings_free(struct xsd_rings *r)
{
	for (struct xsd_ring *d = r->rings; d; d = d->next) {
		ring_teardown(r, d);
		if (d->conn)
			xs_conn_set_priv(d->conn, NULL);
		d->conn = NULL;
	}
	reap(r);
	if (r->virq_port)
		xevtchn_unbind(r->evtchn, r->virq_port);
	xs_store_free(r->store);
	free(r);
}

static void notify(struct xsd_rings *r, struct xsd_ring *d)
{
	if (d->port)
		xevtchn_notify(r->evtchn, d->port);
}

static struct xsd_ring *ring_add(struct xsd_rings *r, struct xs_conn *conn)
{
	struct xsd_ring *d = calloc(1, sizeof(*d));

	if (!d)
		abort();
	d->conn = conn;
	d->domid = xs_conn_domid(conn);
	d->next = r->rings;
	r->rings = d;
	xs_conn_set_priv(conn, d);
	return d;
}

int xsd_rings_attach_local(struct xsd_rings *r, void *page, uint32_t remote_port)
{
	int port = r->evtchn ? xevtchn_bind_interdomain(r->evtchn, 0, remote_port) : -ENODEV;
	struct xsd_ring *d;

	if (port < 0)
		return port;
	d = ring_add(r, xs_conn_new_socket(r->store));
	d->intf = page;
	d->map = MAP_LOCAL;
	d->port = (uint32_t)port;
	xs_ring_set_features(d->intf);
	xsd_rings_service(r);
	notify(r, d); /* dom0's kernel probes xenbus after this first event */
	return 0;
}

int xsd_rings_bind_dom_exc(struct xsd_rings *r)
{
	int port = r->evtchn ? xevtchn_bind_virq(r->evtchn, VIRQ_DOM_EXC) : -ENODEV;

	if (port < 0)
		return port;
	r->virq_port = (uint32_t)port;
	return 0;
}

/* The store page of domid: grant ref 1, else the frame itself. */
static int ring_map(struct xsd_rings *r, struct xsd_ring *d, int64_t gfn)
{
	void *p = r->gnttab ? xgnttab_map(r->gnttab, d->domid, GNTTAB_RESERVED_XENSTORE) : NULL;

	d->map = MAP_GRANT;
	if (!p && r->call && gfn >= 0) {
		p = xcall_map_foreign(r->call, d->domid, (uint64_t)gfn);
		d->map = MAP_FOREIGN;
	}
	d->intf = p;
	return p ? 0 : XEN_EINVAL;
}

static int ring_introduce(void *opaque, struct xs_conn *conn, int64_t gfn, uint32_t port)
{
	struct xsd_rings *r = opaque;
	struct xsd_ring *d = xs_conn_priv(conn), tmp = {.domid = xs_conn_domid(conn)};
	int lport;

	if (!r->evtchn)
		return XEN_ENODEV;
	if (d)
		ring_teardown(r, d); /* reintroduction: new port, maybe new page */
	else
		d = &tmp;
	if (ring_map(r, d, gfn))
		return XEN_EINVAL;
	lport = xevtchn_bind_interdomain(r->evtchn, d->domid, port);
	if (lport < 0) {
		ring_teardown(r, d);
		return XEN_EINVAL;
	}
	d->port = (uint32_t)lport;
	if (d == &tmp) {
		d = ring_add(r, conn);
		d->intf = tmp.intf;
		d->map = tmp.map;
		d->port = tmp.port;
	}
	xs_ring_set_features(d->intf);
	notify(r, d);
	fprintf(stderr, "xenstored: domain %u introduced: ring by %s, port %u\n", d->domid,
		d->map == MAP_GRANT ? "grant" : "foreign map", d->port);
	return 0;
}

static void ring_release(void *opaque, struct xs_conn *conn)
{
	struct xsd_rings *r = opaque;
	struct xsd_ring *d = xs_conn_priv(conn);

	if (!d)
		return;
	ring_teardown(r, d);
	xs_conn_set_priv(conn, NULL);
	d->conn = NULL;
	fprintf(stderr, "xenstored: domain %u released\n", d->domid);
}

static void ring_break(struct xsd_ring *d, uint32_t error)
{
	d->broken = true;
	xs_ring_set_error(d->intf, error);
	fprintf(stderr, "xenstored: domain %u: %s, ring stopped until it reconnects\n", d->domid,
		error == XENSTORE_ERROR_RINGIDX ? "bad ring indices" : "bad message");
}

/* Queued output into the ring; true if bytes moved. */
static bool ring_flush(struct xsd_ring *d)
{
	const struct xs_out *o;
	bool moved = false;

	while (!d->broken && (o = xs_conn_output(d->conn))) {
		int n = xs_ring_write(d->intf, o->data + d->out_off, o->size - d->out_off);

		if (n < 0)
			ring_break(d, XENSTORE_ERROR_RINGIDX);
		if (n <= 0)
			break;
		moved = true;
		d->out_off += (size_t)n;
		if (d->out_off == o->size) {
			xs_conn_output_pop(d->conn);
			d->out_off = 0;
		}
	}
	return moved;
}

/* Requests in, replies out, while replies fit; true if bytes moved. */
static bool ring_pump(struct xsd_ring *d)
{
	char buf[XENSTORE_RING_SIZE];
	bool moved = ring_flush(d);

	while (!d->broken && d->conn && !xs_conn_output(d->conn)) {
		int n = xs_ring_read(d->intf, buf, sizeof(buf));

		if (n < 0)
			ring_break(d, XENSTORE_ERROR_RINGIDX);
		if (n <= 0)
			break;
		moved = true;
		if (xs_conn_input(d->conn, buf, (size_t)n) < 0)
			ring_break(d, XENSTORE_ERROR_PROTO);
		else if (d->conn) /* the request may have released this very ring */
			ring_flush(d);
	}
	return moved;
}

/* true if bytes moved (or the ring reconnected). */
static bool ring_service(struct xsd_rings *r, struct xsd_ring *d)
{
	bool moved = false;

	if (!d->conn || !d->intf)
		return false;
	if (xs_ring_reconnect_asked(d->intf)) {
		xs_conn_reset(d->conn);
		d->out_off = 0;
		d->broken = false;
		xs_ring_reconnect(d->intf);
		notify(r, d);
		moved = true;
	}
	if (ring_pump(d) && d->conn) {
		notify(r, d);
		moved = true;
	}
	return moved;
}

bool xsd_rings_service(struct xsd_rings *r)
{
	bool moved = false;

	for (struct xsd_ring *d = r->rings; d; d = d->next)
		moved |= ring_service(r, d);
	reap(r);
	return moved;
}

/* VIRQ_DOM_EXC: ask the hypervisor about every introduced domain. */
static void check_domains(struct xsd_rings *r)
{
	struct xen_domctl_getdomaininfo info;

	if (!r->call)
		return;
	for (struct xsd_ring *d = r->rings; d; d = d->next) {
		int rc;

		if (!d->conn || d->map == MAP_LOCAL)
			continue;
		rc = xcall_getdomaininfo(r->call, d->domid, &info);
		if (rc < 0 || info.domain != d->domid || (info.flags & XEN_DOMINF_dying))
			xs_domain_release(r->store, d->domid);
		else if (info.flags & XEN_DOMINF_shutdown)
			xs_domain_shutdown(r->store, d->domid);
	}
	reap(r);
}

void xsd_rings_event(struct xsd_rings *r)
{
	uint32_t ports[64];
	bool dom_exc = false;
	int n;

	if (!r->evtchn)
		return;
	n = xevtchn_pending(r->evtchn, ports, 64);
	for (int i = 0; i < n; i++)
		dom_exc |= r->virq_port && ports[i] == r->virq_port;
	if (dom_exc)
		check_domains(r);
	for (int pass = 0; pass < XSD_PASSES && xsd_rings_service(r); pass++)
		;
	for (int i = 0; i < n; i++)
		xevtchn_unmask(r->evtchn, ports[i]);
	if (n > 0)
		xsd_rings_service(r); /* the poll after the unmask (see the top) */
}

uint32_t xsd_rings_port(struct xsd_rings *r, uint16_t domid)
{
	for (struct xsd_ring *d = r->rings; d; d = d->next)
		if (d->conn && d->domid == domid)
			return d->port;
	return 0;
}
