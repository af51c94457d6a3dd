/*
 * Grants between two domains (xeno only: dom0 + a boot-time domU, role=peer)
 * with a shared ring, the way split drivers talk:
 *  - the domU grants dom0 a ring page (read-write), a page read-only, and a
 *    page to some other domain, and offers an unbound event channel;
 *  - dom0 maps the ring and runs 64 requests through it, each answered by
 *    the domU (request/response indices, an event each way);
 *  - dom0 may not: map the read-only grant writable, map the grant made for
 *    another domain, map a reference beyond the table, copy into the
 *    read-only grant (GNTST_general_error, as Xen answers); it may copy
 *    out of it;
 *  - after dom0 unmaps, the domU sees its grant no longer in use and can
 *    revoke it.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>
#include <guest_mm.h>
#include <guest_grant.h>

const char test_title[] = "grant-ring: a shared ring over grants between two domains";

#define PEER 1
#define REF_RING 10
#define REF_RO 11
#define REF_OTHER 12
#define ROUNDS 64
#define DONE 0xd0d0d0d0UL
#define SECOND 1000000000UL

struct ring {
	volatile uint32_t req_prod, rsp_prod;
	volatile uint64_t req[32], rsp[32];
	volatile uint64_t state;
};

static struct grant_entry_v1 *table;

static void run_peer(void)
{
	struct ring *r = alloc_page();
	char *ro = alloc_page(), *other = alloc_page();
	static const char data[] = "read-only data of d1";
	uint32_t seen = 0;
	long port;

	if (!r || !ro || !other || !(table = grant_table_map_own())) {
		error("peer set-up");
		return;
	}
	memcpy(ro, data, sizeof(data));
	grant_access(table, REF_RING, r, 0, 0);
	grant_access(table, REF_RO, ro, 0, GTF_readonly);
	grant_access(table, REF_OTHER, other, 5, 0);
	port = alloc_unbound(DOMID_SELF, 0); /* offered once the grants exist */
	if (port < 0) {
		error("alloc_unbound: %ld", port);
		return;
	}
	port_mask((unsigned int)port);
	while (r->state != DONE) {
		if (!wait_port((evtchn_port_t)port, 10 * SECOND)) {
			fail("no request event (%u answered)", seen);
			return;
		}
		for (; seen < r->req_prod; seen++) {
			r->rsp[seen % 32] = r->req[seen % 32] * 2 + 1;
			__atomic_store_n(&r->rsp_prod, seen + 1, __ATOMIC_RELEASE);
		}
		evtchn_send((unsigned int)port);
	}
	check_eq(seen, ROUNDS, "requests answered");
	for (uint64_t end = system_time() + 10 * SECOND;
	     (table[REF_RING].flags & (GTF_reading | GTF_writing)) && system_time() < end;)
		hc_sched_op(SCHEDOP_yield, NULL);
	check_eq(table[REF_RING].flags, GTF_permit_access, "ring grant idle after dom0's unmap");
}

static int16_t copy_ro(void *page, bool to_grant)
{
	struct gnttab_copy c = {.len = 32};
	struct gnttab_copy_ptr g = {.u.ref = REF_RO, .domid = PEER};
	struct gnttab_copy_ptr mine = {.u.gmfn = virt_to_mfn(page), .domid = DOMID_SELF};

	c.source = to_grant ? mine : g;
	c.dest = to_grant ? g : mine;
	c.flags = to_grant ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
	gnttab_op(GNTTABOP_copy, &c, 1);
	return c.status;
}

static void refusals(void *va, char *scratch)
{
	grant_handle_t h;

	/* As Xen 4.17 answers these: a general error, not permission_denied. */
	check_eq(grant_map(PEER, REF_RO, va, 0, &h), GNTST_general_error,
		 "read-only grant mapped writable");
	check_eq(grant_map(PEER, REF_OTHER, va, 0, &h), GNTST_general_error, "grant for domain 5");
	check_eq(grant_map(PEER, 100000, va, 0, &h), GNTST_bad_gntref,
		 "reference beyond the table");
	check_eq(grant_map(PEER, REF_RO, va, GNTMAP_readonly, &h), GNTST_okay,
		 "read-only grant, read-only");
	check(!strcmp(va, "read-only data of d1"), "read-only grant's content");
	check_eq(grant_unmap(va, h), GNTST_okay, "unmap the read-only grant");
	check_eq(copy_ro(scratch, false), GNTST_okay, "copy out of the read-only grant");
	check(!strcmp(scratch, "read-only data of d1"), "copied content");
	check_eq(copy_ro(scratch, true), GNTST_general_error, "copy into a read-only grant");
}

static void run_ring(struct ring *r, evtchn_port_t port)
{
	for (uint32_t i = 0; i < ROUNDS; i++) {
		r->req[i % 32] = i;
		__atomic_store_n(&r->req_prod, i + 1, __ATOMIC_RELEASE);
		evtchn_send(port);
		while (__atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE) <= i) {
			if (!wait_port(port, 10 * SECOND)) {
				fail("no response %u", i);
				return;
			}
		}
		check_eq(r->rsp[i % 32], 2 * i + 1, "response");
	}
	r->state = DONE;
	evtchn_send(port);
}

/* Let the domU finish its checks (and print its verdict) before we end. */
static void wait_peer_shutdown(void)
{
	struct xen_domctl_getdomaininfo info;

	for (uint64_t end = system_time() + 10 * SECOND; system_time() < end;) {
		if (domain_info(PEER, &info) == 0 && (info.flags & XEN_DOMINF_shutdown))
			return;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	fail("d1 did not shut down");
}

static void run_dom0(void)
{
	struct evtchn_bind_interdomain b = {.remote_dom = PEER};
	void *va = alloc_page(), *scratch = alloc_page();
	long remote = find_offered_port(PEER);
	grant_handle_t h;

	if (remote < 0 || !va || !scratch) {
		error("no offer from d1");
		return;
	}
	b.remote_port = (evtchn_port_t)remote;
	check_eq(evtchn_op(EVTCHNOP_bind_interdomain, &b), 0, "bind to d1's port");
	port_mask(b.local_port);
	port_clear_pending(b.local_port);
	/* The grants are made before the port is offered: they exist now. */
	refusals(va, scratch);
	if (grant_map(PEER, REF_RING, va, 0, &h) != GNTST_okay) {
		fail("map the ring grant");
		return;
	}
	run_ring(va, b.local_port);
	check_eq(grant_unmap(va, h), GNTST_okay, "unmap the ring");
	check_eq(grant_unmap(va, h), GNTST_bad_handle, "unmap the ring twice");
	wait_peer_shutdown();
}

void test_main(void)
{
	const char *role = cmdline_option("role");

	if (!events_init())
		return;
	if (role && !strcmp(role, "peer"))
		run_peer();
	else
		run_dom0();
}
