/*
 * libxevtchn's fake backend (xevtchn_fake.h): ports 1..FAKE_EVTCHN_PORTS-1
 * of one process-wide table, shared by every handle. A port is bound to a
 * virq or to (domid, remote port); firing it sets pending; a pending port
 * is reported once and then stays masked until xevtchn_unmask(), as the
 * device does (an event while masked waits for the unmask). Binding the same
 * remote twice fails with -EBUSY, unbinding a free port with -ENOTCONN:
 * the errors the real device gives, so the caller's bookkeeping is tested.
 * A test may hook notifications (the remote side answering at once, as a
 * dom0 kernel that preempts the notifier does) and count unmasks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xevtchn.h"
#include "xevtchn_fake.h"

struct fake_port {
	bool bound, pending, masked;
	int virq; /* -1: interdomain */
	uint16_t domid;
	uint32_t remote;
	unsigned int notifies, unmasks;
};

struct xevtchn {
	int unused;
};

static struct fake_port ports[FAKE_EVTCHN_PORTS];
static int bind_err;
static void (*notify_hook)(uint32_t port, void *opaque);
static void *notify_opaque;

void fake_evtchn_reset(void)
{
	memset(ports, 0, sizeof(ports));
	bind_err = 0;
	notify_hook = NULL;
}

void fake_evtchn_on_notify(void (*fn)(uint32_t port, void *opaque), void *opaque)
{
	notify_hook = fn;
	notify_opaque = opaque;
}

void fake_evtchn_fail_binds(int err)
{
	bind_err = err;
}

struct xevtchn *xevtchn_open(void)
{
	return calloc(1, sizeof(struct xevtchn));
}

void xevtchn_close(struct xevtchn *x)
{
	free(x);
}

int xevtchn_fd(const struct xevtchn *x)
{
	return -1;
}

static int find(int virq, uint16_t domid, uint32_t remote)
{
	for (int p = 1; p < FAKE_EVTCHN_PORTS; p++)
		if (ports[p].bound && ports[p].virq == virq &&
		    (virq >= 0 || (ports[p].domid == domid && ports[p].remote == remote)))
			return p;
	return -1;
}

static int bind(int virq, uint16_t domid, uint32_t remote)
{
	if (bind_err)
		return -bind_err;
	if (find(virq, domid, remote) > 0)
		return -EBUSY;
	for (int p = 1; p < FAKE_EVTCHN_PORTS; p++)
		if (!ports[p].bound) {
			ports[p] = (struct fake_port){
				.bound = true, .virq = virq, .domid = domid, .remote = remote};
			return p;
		}
	return -ENOSPC;
}

int xevtchn_bind_virq(struct xevtchn *x, uint32_t virq)
{
	return bind((int)virq, 0, 0);
}

int xevtchn_bind_interdomain(struct xevtchn *x, uint16_t domid, uint32_t remote_port)
{
	return bind(-1, domid, remote_port);
}

static struct fake_port *bound(uint32_t port)
{
	return port < FAKE_EVTCHN_PORTS && ports[port].bound ? &ports[port] : NULL;
}

int xevtchn_unbind(struct xevtchn *x, uint32_t port)
{
	struct fake_port *p = bound(port);

	if (!p)
		return -ENOTCONN;
	memset(p, 0, sizeof(*p));
	return 0;
}

int xevtchn_notify(struct xevtchn *x, uint32_t port)
{
	struct fake_port *p = bound(port);

	if (!p)
		return -ENOTCONN;
	p->notifies++;
	if (notify_hook)
		notify_hook(port, notify_opaque);
	return 0;
}

int xevtchn_pending(struct xevtchn *x, uint32_t *out, int max)
{
	int n = 0;

	for (uint32_t p = 1; p < FAKE_EVTCHN_PORTS && n < max; p++)
		if (ports[p].bound && ports[p].pending && !ports[p].masked) {
			ports[p].pending = false;
			ports[p].masked = true;
			out[n++] = p;
		}
	return n;
}

int xevtchn_unmask(struct xevtchn *x, uint32_t port)
{
	struct fake_port *p = bound(port);

	if (!p)
		return -EINVAL;
	p->masked = false;
	p->unmasks++;
	return 0;
}

int fake_evtchn_port_of(uint16_t domid, uint32_t remote_port)
{
	return find(-1, domid, remote_port);
}

int fake_evtchn_port_of_virq(uint32_t virq)
{
	return find((int)virq, 0, 0);
}

void fake_evtchn_fire(uint32_t port)
{
	struct fake_port *p = bound(port);

	if (p)
		p->pending = true;
}

/* *count's value, and *count zeroed. */
static unsigned int take(unsigned int *count)
{
	unsigned int n = *count;

	*count = 0;
	return n;
}

unsigned int fake_evtchn_take_notifies(uint32_t port)
{
	struct fake_port *p = bound(port);

	return p ? take(&p->notifies) : 0;
}

unsigned int fake_evtchn_bound_count(void)
{
	unsigned int n = 0;

	for (int p = 1; p < FAKE_EVTCHN_PORTS; p++)
		n += ports[p].bound;
	return n;
}

bool fake_evtchn_masked(uint32_t port)
{
	struct fake_port *p = bound(port);

	return p && p->masked;
}

unsigned int fake_evtchn_take_unmasks(uint32_t port)
{
	struct fake_port *p = bound(port);

	return p ? take(&p->unmasks) : 0;
}
