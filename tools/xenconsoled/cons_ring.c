/*
 * The PV console ring protocol (xcons.h), without I/O. As for xenstore
 * rings: each shared index is read once, the guest's producer with acquire
 * semantics, ours published with release semantics after the data.
 */
#include <string.h>

#include "xcons.h"

static uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

int xcons_ring_take_out(struct xencons_interface *intf, char *buf, size_t max)
{
	uint32_t cons = __atomic_load_n(&intf->out_cons, __ATOMIC_RELAXED);
	uint32_t prod = load_acquire(&intf->out_prod);
	uint32_t avail = prod - cons;
	size_t n = 0;

	if (avail > XENCONS_OUT_SIZE)
		return -1;
	while (n < max && n < avail) {
		buf[n] = intf->out[MASK_XENCONS_IDX(cons + n, intf->out)];
		n++;
	}
	if (n)
		store_release(&intf->out_cons, cons + (uint32_t)n);
	return (int)n;
}

size_t xcons_ring_in_space(const struct xencons_interface *intf)
{
	uint32_t used = intf->in_prod - load_acquire(&intf->in_cons);

	return used > XENCONS_IN_SIZE ? 0 : XENCONS_IN_SIZE - used;
}

int xcons_ring_put_in(struct xencons_interface *intf, const char *buf, size_t len)
{
	uint32_t cons = load_acquire(&intf->in_cons);
	uint32_t prod = __atomic_load_n(&intf->in_prod, __ATOMIC_RELAXED);
	uint32_t space = XENCONS_IN_SIZE - (prod - cons);
	size_t n = 0;

	if (prod - cons > XENCONS_IN_SIZE)
		return -1;
	while (n < len && n < space) {
		intf->in[MASK_XENCONS_IDX(prod + n, intf->in)] = buf[n];
		n++;
	}
	if (n)
		store_release(&intf->in_prod, prod + (uint32_t)n);
	return (int)n;
}
