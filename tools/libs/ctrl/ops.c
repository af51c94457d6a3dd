/*
 * libxctrl: memory_op, event_channel_op, mmuext_op and grant_table_op
 * on behalf of another domain (a toolstack building it).
 */
#include <errno.h>
#include <string.h>

#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "xctrl.h"

/* Extents per populate_physmap call: the hypervisor may preempt and continue. */
#define POPULATE_BATCH 4096ul

int xctrl_populate(struct xcall *c, uint16_t domid, uint64_t *frames, unsigned long n)
{
	for (unsigned long done = 0; done < n;) {
		struct xen_memory_reservation *r = xcall_buf(c);
		unsigned long batch = n - done < POPULATE_BATCH ? n - done : POPULATE_BATCH;
		uint64_t args[5] = {XENMEM_populate_physmap, (uintptr_t)r};
		long got;

		memset(r, 0, sizeof(*r));
		r->extent_start.p = frames + done;
		r->nr_extents = batch;
		r->domid = domid;
		got = xcall_hypercall(c, __HYPERVISOR_memory_op, args);
		if (got < 0)
			return (int)got;
		if (got == 0)
			return -ENOMEM;
		done += (unsigned long)got;
	}
	return 0;
}

int xctrl_alloc_unbound(struct xcall *c, uint16_t domid, uint16_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound *a = xcall_buf(c);
	uint64_t args[5] = {EVTCHNOP_alloc_unbound, (uintptr_t)a};
	long r;

	memset(a, 0, sizeof(*a));
	a->dom = domid;
	a->remote_dom = remote;
	r = xcall_hypercall(c, __HYPERVISOR_event_channel_op, args);
	if (r < 0)
		return (int)r;
	*port = a->port;
	return 0;
}

int xctrl_pin_l4(struct xcall *c, uint16_t domid, uint64_t mfn)
{
	struct mmuext_op *op = xcall_buf(c);
	uint64_t args[5] = {(uintptr_t)op, 1, 0, domid};

	memset(op, 0, sizeof(*op));
	op->cmd = MMUEXT_PIN_L4_TABLE;
	op->arg1.mfn = mfn;
	return (int)xcall_hypercall(c, __HYPERVISOR_mmuext_op, args);
}

int xctrl_grant_frame(struct xcall *c, uint16_t domid, uint64_t *frame)
{
	struct gnttab_setup_table *st = xcall_buf(c);
	uint64_t *list = (uint64_t *)(st + 1);
	uint64_t args[5] = {GNTTABOP_setup_table, (uintptr_t)st, 1};
	long r;

	memset(st, 0, sizeof(*st) + sizeof(*list));
	st->dom = domid;
	st->nr_frames = 1;
	st->frame_list.p = list;
	r = xcall_hypercall(c, __HYPERVISOR_grant_table_op, args);
	if (r < 0)
		return (int)r;
	if (st->status)
		return -EINVAL;
	*frame = *list;
	return 0;
}
