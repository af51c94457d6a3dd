/*
 * The xenstore ring protocol (xs_ring.h), without I/O: copying bytes in
 * and out of a struct xenstore_domain_interface shared with a guest.
 *
 * The guest may change the indices at any time: each is read once, the
 * producer index with acquire semantics (the data it covers is read
 * after it), and our index is published with release semantics (after the
 * data we wrote, or after we stopped reading the bytes we consumed). A
 * distance above XENSTORE_RING_SIZE between producer and consumer is
 * corruption (-1); the caller stops serving the ring.
 */
#include <string.h>

#include "xs_ring.h"

static uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static uint32_t load_relaxed(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* The contiguous run of at most want bytes from free-running index idx. */
static size_t chunk(uint32_t idx, size_t avail, size_t want)
{
	size_t to_end = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(idx);
	size_t n = avail < want ? avail : want;

	return n < to_end ? n : to_end;
}

int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t max)
{
	uint32_t cons = load_relaxed(&intf->req_cons);
	uint32_t prod = load_acquire(&intf->req_prod);
	uint32_t avail = prod - cons;
	size_t done = 0;

	if (avail > XENSTORE_RING_SIZE)
		return -1;
	while (done < max && done < avail) {
		size_t n = chunk(cons + (uint32_t)done, avail - done, max - done);

		memcpy((char *)buf + done, intf->req + MASK_XENSTORE_IDX(cons + done), n);
		done += n;
	}
	if (done)
		store_release(&intf->req_cons, cons + (uint32_t)done);
	return (int)done;
}

int xs_ring_write(struct xenstore_domain_interface *intf, const void *data, size_t len)
{
	uint32_t cons = load_acquire(&intf->rsp_cons);
	uint32_t prod = load_relaxed(&intf->rsp_prod);
	uint32_t used = prod - cons, space;
	size_t done = 0;

	if (used > XENSTORE_RING_SIZE)
		return -1;
	space = XENSTORE_RING_SIZE - used;
	while (done < len && done < space) {
		size_t n = chunk(prod + (uint32_t)done, space - done, len - done);

		memcpy(intf->rsp + MASK_XENSTORE_IDX(prod + done), (const char *)data + done, n);
		done += n;
	}
	if (done)
		store_release(&intf->rsp_prod, prod + (uint32_t)done);
	return (int)done;
}

bool xs_ring_reconnect_asked(const struct xenstore_domain_interface *intf)
{
	return load_acquire(&intf->connection) == XENSTORE_RECONNECT;
}

void xs_ring_reconnect(struct xenstore_domain_interface *intf)
{
	intf->req_cons = intf->req_prod = 0;
	intf->rsp_cons = intf->rsp_prod = 0;
	intf->error = XENSTORE_ERROR_NONE;
	store_release(&intf->connection, XENSTORE_CONNECTED);
}

void xs_ring_set_features(struct xenstore_domain_interface *intf)
{
	intf->server_features =
		XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;
}

void xs_ring_set_error(struct xenstore_domain_interface *intf, uint32_t error)
{
	store_release(&intf->error, error);
}
