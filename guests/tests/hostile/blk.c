/*
 * The hostile block frontend. It connects to its vbd the way a frontend
 * does (ring page granted to the backend domain, an unbound port, ring-ref,
 * event-channel and protocol written, state 3 then 4 once the backend is at
 * 4), then sends requests no honest frontend sends, one case at a time,
 * each printed as "HOSTILE blk <case>: rsp=<status>|none state=<backend
 * state>": bad and unused grant references, grants of frames it does not
 * own (refused by the hypervisor when the backend maps them), a read into
 * a read-only grant and into its own L4, segment counts and sector
 * offsets out of range, an unknown operation, 64 requests without reading a
 * response, a producer index 10000 ahead (the backend stops the ring); then
 * it closes and reconnects on a new ring. Last of all (blk_vanish, after
 * net.c's attack) it vanishes (shutdown) with 32 requests in flight. dom0
 * judges (tools/dom0/tests/split.sh).
 */
#include "hostile.h"

#define REF_RING 8
#define REF_DATA 9
#define REF_FOREIGN 10
#define REF_RO 11
#define REF_EMPTY 12 /* never written */
#define REF_L4 13
#define REF_NOWHERE 14
#define REF_RING2 15
#define NO_SUCH_FRAME 0x7fffffffU

static struct grant_entry_v1 *gt;
static struct blkif_sring *sring;
static uint32_t req_prod_pvt, rsp_cons;
static evtchn_port_t port;
static domid_t be_id, self_id;
static uint16_t handle;
static char fe[48], be[96];
static void *data;
static uint64_t next_id = 1;

static int be_state(void)
{
	char v[16];

	return xs_read(xs_at(be, "state"), v, sizeof(v)) > 0 ? (int)strtoul(v, NULL, 10) : -1;
}

static void grant_raw(grant_ref_t ref, uint32_t frame, domid_t to, uint16_t flags)
{
	gt[ref].frame = frame;
	gt[ref].domid = to;
	__atomic_store_n(&gt[ref].flags, flags, __ATOMIC_RELEASE);
}

/* A new ring page granted at ref and a new port, published: state 3, then
 * 4 once the backend is. */
static bool blk_publish(grant_ref_t ref)
{
	char v[16];
	long p;

	sring = alloc_page();
	if (!sring)
		return false;
	req_prod_pvt = rsp_cons = 0;
	grant_access(gt, ref, sring, be_id, 0);
	p = alloc_unbound(DOMID_SELF, be_id);
	if (p < 0)
		return false;
	port = (evtchn_port_t)p;
	snprintf(v, sizeof(v), "%u", ref);
	xs_write(xs_at(fe, "ring-ref"), v);
	snprintf(v, sizeof(v), "%u", port);
	xs_write(xs_at(fe, "event-channel"), v);
	xs_write(xs_at(fe, "protocol"), "x86_64-abi");
	xs_write(xs_at(fe, "state"), "3");
	if (xs_wait_state(xs_at(be, "state"), "4", 60 * SECOND) != XB_CONNECTED)
		return false;
	return xs_write(xs_at(fe, "state"), "4") == 0;
}

static bool ours(uint64_t mfn)
{
	uint64_t pfn = mfn_to_pfn(mfn);

	return pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn;
}

/* The highest frame below all of ours that is not ours (another domain's,
 * the hypervisor's or free: refused alike). */
uint64_t frame_not_ours(void)
{
	uint64_t low = ~0UL;

	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (pfn_to_mfn(pfn) < low)
			low = pfn_to_mfn(pfn);
	while (low > 1 && ours(--low))
		;
	return low;
}

/* Grants the cases use; the two of frames not ours are tried first by the
 * guest itself: the hypervisor refuses them (GNTST_bad_page). */
static bool blk_grants(domid_t to)
{
	gt = grant_table_map_own();
	data = alloc_page();
	if (!gt || !data)
		return false;
	grant_access(gt, REF_DATA, data, to, 0);
	grant_raw(REF_FOREIGN, (uint32_t)frame_not_ours(), to, GTF_permit_access);
	grant_raw(REF_NOWHERE, NO_SUCH_FRAME, to, GTF_permit_access);
	grant_access(gt, REF_RO, data, to, GTF_readonly);
	grant_access(gt, REF_L4, (void *)start_info->pt_base, to, 0);
	return true;
}

static bool blk_connect(void)
{
	char ids[64], v[16];
	int st;

	if (xs_directory("device/vbd", ids, sizeof(ids)) < 1 ||
	    xs_read("domid", v, sizeof(v)) <= 0) {
		error("no device/vbd or domid in xenstore");
		return false;
	}
	self_id = (domid_t)strtoul(v, NULL, 10);
	handle = (uint16_t)strtoul(ids, NULL, 10);
	snprintf(fe, sizeof(fe), "device/vbd/%s", ids);
	if (xs_read(xs_at(fe, "backend"), be, sizeof(be)) <= 0 ||
	    xs_read(xs_at(fe, "backend-id"), v, sizeof(v)) <= 0) {
		error("no backend for %s", fe);
		return false;
	}
	be_id = (domid_t)strtoul(v, NULL, 10);
	if (!blk_grants(be_id)) {
		error("grant set-up");
		return false;
	}
	st = xs_wait_state(xs_at(be, "state"), "2", 60 * SECOND);
	printf("HOSTILE blk backend: d%u %s state=%d\n", be_id, be, st);
	if (st != XB_INITWAIT || !blk_publish(REF_RING)) {
		error("the backend did not connect (state %d)", be_state());
		return false;
	}
	printf("HOSTILE blk connect: state=%d\n", be_state());
	return true;
}

static struct blkif_request *next_req(void)
{
	struct blkif_request *r = &sring->ring[req_prod_pvt++ % BLK_RING_SIZE].req;

	memset(r, 0, sizeof(*r));
	return r;
}

static void push(void)
{
	__atomic_store_n(&sring->req_prod, req_prod_pvt, __ATOMIC_RELEASE);
	evtchn_send(port);
}

/* A read of nseg pages (each the data page, sectors 0-7) at sector. */
static void read_req(struct blkif_request *r, unsigned int nseg, uint64_t sector)
{
	r->operation = BLKIF_OP_READ;
	r->nr_segments = (uint8_t)nseg;
	r->handle = handle;
	r->id = next_id++;
	r->sector_number = sector;
	for (unsigned int i = 0; i < nseg; i++)
		r->seg[i] = (struct blkif_segment){.gref = REF_DATA, .last_sect = 7};
}

/* Wait up to timeout for the backend to have answered n requests beyond
 * rsp_cons (not consumed): how many it has. */
static uint32_t wait_answers(uint32_t n, uint64_t timeout)
{
	uint64_t end = system_time() + timeout;
	uint32_t got;

	while ((got = __atomic_load_n(&sring->rsp_prod, __ATOMIC_ACQUIRE) - rsp_cons) < n &&
	       system_time() < end)
		wait_a_little(port);
	return got;
}

/* Send one request made by read_req and then mangled; print the answer. */
static void blk_case(const char *name, void (*mangle)(struct blkif_request *r))
{
	struct blkif_request *r = next_req();
	char rsp[16] = "none";

	read_req(r, 1, 0);
	mangle(r);
	push();
	if (wait_answers(1, 5 * SECOND)) {
		struct blkif_response *a = &sring->ring[rsp_cons++ % BLK_RING_SIZE].rsp;

		snprintf(rsp, sizeof(rsp), "%d", a->status);
	}
	printf("HOSTILE blk %s: rsp=%s state=%d\n", name, rsp, be_state());
}

static void m_valid(struct blkif_request *r)
{
	(void)r;
}
static void m_bad_gref(struct blkif_request *r)
{
	r->seg[0].gref = 0x7ffffff0;
}
static void m_unused_gref(struct blkif_request *r)
{
	r->seg[0].gref = REF_EMPTY;
}
static void m_foreign(struct blkif_request *r)
{
	r->seg[0].gref = REF_FOREIGN;
}
static void m_nowhere(struct blkif_request *r)
{
	r->seg[0].gref = REF_NOWHERE;
}
static void m_ro(struct blkif_request *r)
{
	r->seg[0].gref = REF_RO;
}
static void m_l4(struct blkif_request *r)
{
	r->seg[0].gref = REF_L4;
}
static void m_nseg12(struct blkif_request *r)
{
	read_req(r, BLKIF_MAX_SEGMENTS_PER_REQUEST, 0);
	r->nr_segments = BLKIF_MAX_SEGMENTS_PER_REQUEST + 1;
}
static void m_nseg255(struct blkif_request *r)
{
	r->nr_segments = 255;
}
static void m_nseg0(struct blkif_request *r)
{
	r->nr_segments = 0;
}
static void m_last8(struct blkif_request *r)
{
	r->seg[0].last_sect = 8;
}
static void m_first_gt_last(struct blkif_request *r)
{
	r->seg[0].first_sect = 5;
	r->seg[0].last_sect = 2;
}
static void m_beyond(struct blkif_request *r)
{
	r->sector_number = 1UL << 40;
}
static void m_bad_op(struct blkif_request *r)
{
	r->operation = 0x55;
}
static void m_indirect(struct blkif_request *r)
{
	struct blkif_indirect_request *i = (struct blkif_indirect_request *)r;
	uint64_t id = r->id;

	memset(i, 0, sizeof(*i));
	i->operation = BLKIF_OP_INDIRECT;
	i->indirect_op = BLKIF_OP_READ;
	i->nr_segments = 0xffff;
	i->id = id;
	i->handle = handle;
	i->indirect_grefs[0] = REF_DATA;
}

static const struct {
	const char *name;
	void (*mangle)(struct blkif_request *r);
} cases[] = {
	{"valid", m_valid},
	{"bad-gref", m_bad_gref},
	{"unused-gref", m_unused_gref},
	{"foreign-frame", m_foreign},
	{"no-such-frame", m_nowhere},
	{"ro-grant", m_ro},
	{"l4-frame", m_l4},
	{"nseg-12", m_nseg12},
	{"nseg-255", m_nseg255},
	{"nseg-0", m_nseg0},
	{"last-sect-8", m_last8},
	{"first-gt-last", m_first_gt_last},
	{"sector-beyond", m_beyond},
	{"bad-op", m_bad_op},
	{"indirect-nseg", m_indirect},
	{"valid-after", m_valid},
};

/* 2 x 32 reads, the second 32 over the unread answers of the first. */
static void blk_burst(void)
{
	uint32_t got = 0, ok = 0;

	for (unsigned int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < BLK_RING_SIZE; i++)
			read_req(next_req(), 1, i);
		push();
		got += wait_answers(BLK_RING_SIZE, 20 * SECOND);
		for (unsigned int i = 0; i < BLK_RING_SIZE; i++)
			ok += sring->ring[i].rsp.status == BLKIF_RSP_OKAY;
		rsp_cons = sring->rsp_prod; /* skip them all, unread */
	}
	printf("HOSTILE blk burst: sent=64 answered=%u ok=%u state=%d\n", got, ok, be_state());
}

/* The producer index 10000 ahead of what was answered. */
static void blk_ring_ahead(void)
{
	uint32_t got;

	req_prod_pvt = rsp_cons + 10000;
	push();
	got = wait_answers(1, 3 * SECOND);
	printf("HOSTILE blk ring-ahead: answered=%u state=%d\n", got, be_state());
}

/* Close (5, 6), start again (1) and connect on a new ring. */
static bool blk_reconnect(void)
{
	int st;

	xs_write(xs_at(fe, "state"), "5");
	st = xs_wait_state(xs_at(be, "state"), "56", 30 * SECOND);
	printf("HOSTILE blk close: state=%d\n", st);
	xs_write(xs_at(fe, "state"), "6");
	xs_wait_state(xs_at(be, "state"), "6", 30 * SECOND);
	xs_write(xs_at(fe, "state"), "1");
	st = xs_wait_state(xs_at(be, "state"), "2", 30 * SECOND);
	if (st != XB_INITWAIT || !blk_publish(REF_RING2)) {
		printf("HOSTILE blk reconnect: failed state=%d\n", be_state());
		return false;
	}
	printf("HOSTILE blk reconnect: state=%d\n", be_state());
	return true;
}

/* 32 reads of 11 pages each sent, and gone before the answers. */
void blk_vanish(void)
{
	printf("HOSTILE blk vanish: 32 requests in flight, shutting down\n");
	for (unsigned int i = 0; i < BLK_RING_SIZE; i++)
		read_req(next_req(), BLKIF_MAX_SEGMENTS_PER_REQUEST, i * 88);
	push();
	hc_shutdown(SHUTDOWN_poweroff);
	for (;;)
		hc_sched_op(SCHEDOP_yield, NULL);
}

void blk_selfcheck(void)
{
	grant_handle_t h;
	void *va = alloc_page();

	if (!blk_grants(0) || !va) {
		error("grant set-up");
		return;
	}
	check_eq(grant_map(0, REF_NOWHERE, va, 0, &h), GNTST_bad_page, "map of no such frame");
	check_eq(grant_map(0, REF_FOREIGN, va, 0, &h), GNTST_bad_page, "map of a frame not ours");
	check_eq(grant_map(0, REF_L4, va, 0, &h), GNTST_general_error, "writable map of our L4");
	check_eq(grant_map(0, 0x7ffffff0, va, 0, &h), GNTST_bad_gntref, "map of a bad ref");
	check_eq(grant_map(0, REF_EMPTY, va, 0, &h), GNTST_general_error, "map of an unused ref");
}

bool blk_attack(void)
{
	if (!blk_connect())
		return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
		blk_case(cases[i].name, cases[i].mangle);
	blk_burst();
	blk_ring_ahead();
	if (blk_reconnect())
		blk_case("valid-reconnected", m_valid);
	return true;
}
