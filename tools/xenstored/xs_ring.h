/*
 * xenstored's domain rings.
 *
 * ring.c is the pure ring protocol of struct xenstore_domain_interface
 * (include/public/io/xs_wire.h): requests are read from req[] between
 * req_cons (ours) and req_prod (the guest's), replies written to rsp[]
 * between rsp_prod (ours) and rsp_cons (the guest's). Indices are free
 * running; a ring whose producer is more than XENSTORE_RING_SIZE ahead of
 * its consumer is corrupt and is never touched again.
 *
 * domain_io.c is the front end serving rings to the core (xs_core.h):
 * dom0's own ring (the page of /proc/xen/xsd_kva, its port of
 * /proc/xen/xsd_port), and every domain introduced with XS_INTRODUCE (its
 * store page mapped through grant ref 1, else foreign-mapped by mfn),
 * each on an interdomain event channel; VIRQ_DOM_EXC makes it ask the
 * hypervisor (getdomaininfo) which domains shut down or died and tell the
 * core (@releaseDomain). It uses the device libraries of tools/libs, so
 * host tests run it on their fake backends.
 */
#ifndef XENSTORED_XS_RING_H
#define XENSTORED_XS_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xs_core.h"

struct xevtchn;
struct xcall;
struct xgnttab;

/* ring.c: bytes moved (0: nothing to move), or -1 for corrupt indices. */
int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t max);
int xs_ring_write(struct xenstore_domain_interface *intf, const void *data, size_t len);
/* The guest asked for a reconnection (connection == XENSTORE_RECONNECT). */
bool xs_ring_reconnect_asked(const struct xenstore_domain_interface *intf);
/* Zero the indices and say CONNECTED again (after dropping all state). */
void xs_ring_reconnect(struct xenstore_domain_interface *intf);
/* Advertise what this server honours (reconnection, the error field). */
void xs_ring_set_features(struct xenstore_domain_interface *intf);
void xs_ring_set_error(struct xenstore_domain_interface *intf, uint32_t error);

/* domain_io.c */
struct xsd_rings;

/* Any of the handles may be NULL (no such device): what needs it fails. */
struct xsd_rings *xsd_rings_new(struct xevtchn *e, struct xcall *c, struct xgnttab *g);
void xsd_rings_free(struct xsd_rings *r);
struct xs_store *xsd_rings_store(struct xsd_rings *r);
struct xevtchn *xsd_rings_evtchn(struct xsd_rings *r);
struct xcall *xsd_rings_call(struct xsd_rings *r);
struct xgnttab *xsd_rings_gnttab(struct xsd_rings *r);
/* dom0's ring: page and the kernel's (remote) port. 0 or -errno. */
int xsd_rings_attach_local(struct xsd_rings *r, void *page, uint32_t remote_port);
/* Bind VIRQ_DOM_EXC. 0 or -errno. */
int xsd_rings_bind_dom_exc(struct xsd_rings *r);
/* The event channel fired: fetch the ports, act (domain check, rings served
 * until idle with the ports still masked), unmask, poll the rings once more. */
void xsd_rings_event(struct xsd_rings *r);
/* Serve every ring: requests in, queued output out, notify if moved; true if
 * any ring moved bytes. */
bool xsd_rings_service(struct xsd_rings *r);
/* The local port of domid's ring, or 0 (tests). */
uint32_t xsd_rings_port(struct xsd_rings *r, uint16_t domid);

#endif /* XENSTORED_XS_RING_H */
