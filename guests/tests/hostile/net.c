/*
 * The hostile network frontend. Once its 4 vifs (device/vif/0-3) are
 * there, it connects to each the way netfront does: a TX and an RX ring
 * page granted to the backend domain, one unbound port for both, tx-ring-ref,
 * rx-ring-ref, event-channel, request-rx-copy and feature-rx-notify
 * written, then state 4 once the backend is at 2 (netback connects when the
 * frontend says Connected). Then, printing each answer as "HOSTILE net
 * <case>: ...":
 *  - on vif 0, TX requests netback must refuse without giving up the vif
 *    (bad, unused and foreign grants, copied or mapped by netback, a frame
 *    shorter than an Ethernet header, a second slot larger than the
 *    packet), a read-only grant and a bogus id and flags it must serve;
 *  - on vif 0, RX requests naming bad grants: netback's grant copy into
 *    them fails and the hypervisor's GNTST code becomes the response's
 *    status (any frame will do: ARP requests to dom0 bring replies);
 *  - an ARP exchange with dom0 (10.0.0.1) through buffers of ours;
 *  - on vifs 1-3, one fatal protocol violation each (a producer 10000
 *    ahead, a request crossing its page, a more_data chain past the
 *    producer): netback disables that vif only, which then answers nothing,
 *    while vif 0 still sends and receives.
 * It prints "HOSTILE net done" and waits for dom0 (which checks its vifs and
 * its other domUs) to write data/net-checked, then leaves 16 TX requests in
 * flight on vif 0 (blk_vanish shuts the domain down after it).
 * Frames sent to ourselves (destination = source) teach the bridge our
 * address and go nowhere. Single vCPU, no locking; every wait is bounded.
 */
#include "hostile.h"
#include "netif.h"

#define NET_VIFS 4
#define REF_VIF(k) (32 + 4 * (k)) /* + 0 TX ring, + 1 RX ring, + 2 TX page, + 3 RX page */
#define REF_NET_EMPTY 60	  /* never written */
#define REF_NET_FOREIGN 61
#define REF_NET_NOWHERE 62
#define REF_NET_RO 63 /* vif 0's TX page, read-only */
#define REF_NET_L4 64
#define REF_NET_OK 65 /* net_selfcheck's target */
#define REF_RX_BUF 80 /* vif 0's RX buffers, RX_BUFS of them */
#define RX_BUFS 16
#define BAD_REF 0x7ffffff0U
#define NO_SUCH_FRAME 0x7fffffffU
#define FRAME_LEN 60 /* the shortest Ethernet frame */
#define ARP_AT 2048  /* the ARP request's place in vif 0's TX page */
#define ID_RX_BAD 0x200
#define ID_RX_BUF 0x300
#define NO_ANSWER 1000
#define IP_DOM0 0x0a000001U /* 10.0.0.1: xenbr0 in dom0 */
#define IP_OURS 0x0a00005aU /* 10.0.0.90: vif 0's, in our ARP requests */

struct vif {
	char fe[32], be[96], mac_text[24];
	uint8_t mac[6];
	domid_t be_id;
	struct netif_tx_sring *tx;
	struct netif_rx_sring *rx;
	uint32_t tx_prod, tx_cons, rx_prod, rx_cons;
	evtchn_port_t port;
	uint8_t *page, *rx_page; /* TX data; RX of vifs 1-3 */
	grant_ref_t ref;	 /* REF_VIF(k) */
};

static struct vif vifs[NET_VIFS];
static struct grant_entry_v1 *gt;
static uint8_t *rx_buf[RX_BUFS];
static uint16_t next_id = 1;

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}
static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static int vif_state(const struct vif *v)
{
	char s[16];

	return xs_read(xs_at(v->be, "state"), s, sizeof(s)) > 0 ? (int)strtoul(s, NULL, 10) : -1;
}

static void grant_frame(grant_ref_t ref, uint64_t frame, domid_t to, uint16_t flags)
{
	gt[ref].frame = (uint32_t)frame;
	gt[ref].domid = to;
	__atomic_store_n(&gt[ref].flags, flags, __ATOMIC_RELEASE);
}

/* The grants of the bad cases (to: the backend domain); ro names page. */
static void net_bad_grants(domid_t to, const void *ro)
{
	grant_frame(REF_NET_FOREIGN, frame_not_ours(), to, GTF_permit_access);
	grant_frame(REF_NET_NOWHERE, NO_SUCH_FRAME, to, GTF_permit_access);
	grant_access(gt, REF_NET_RO, ro, to, GTF_readonly);
	grant_access(gt, REF_NET_L4, (void *)start_info->pt_base, to, 0);
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		const char *end;

		mac[i] = (uint8_t)strtoul(s, &end, 16);
		if (end == s || *end != (i == 5 ? 0 : ':'))
			return false;
		s = end + 1;
	}
	return true;
}

/* A frame to ourselves at the start of the TX page. */
static void self_frame(struct vif *v)
{
	memcpy(v->page, v->mac, 6);
	memcpy(v->page + 6, v->mac, 6);
	put16(v->page + 12, 0x88b5); /* IEEE local experimental */
	memcpy(v->page + 14, "xeno hostile", 12);
}

/* Who has 10.0.0.1? from 10.0.0.90 (broadcast), at ARP_AT. */
static void arp_request(struct vif *v)
{
	uint8_t *f = v->page + ARP_AT;

	memset(f, 0xff, 6);
	memcpy(f + 6, v->mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);      /* Ethernet */
	put16(f + 16, 0x0800); /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, 1); /* request */
	memcpy(f + 22, v->mac, 6);
	put32(f + 28, IP_OURS);
	put32(f + 38, IP_DOM0);
}

static bool is_arp_reply(const uint8_t *f, int len, const struct vif *v)
{
	return len >= 42 && get16(f + 12) == 0x0806 && get16(f + 20) == 2 &&
	       get32(f + 28) == IP_DOM0 && !memcmp(f + 32, v->mac, 6) && get32(f + 38) == IP_OURS;
}

/* Read the vif's backend and address, make and grant its pages. */
static bool vif_setup(struct vif *v, const char *id, unsigned int k)
{
	char val[16];

	snprintf(v->fe, sizeof(v->fe), "device/vif/%s", id);
	if (xs_read(xs_at(v->fe, "backend"), v->be, sizeof(v->be)) <= 0 ||
	    xs_read(xs_at(v->fe, "backend-id"), val, sizeof(val)) <= 0 ||
	    xs_read(xs_at(v->fe, "mac"), v->mac_text, sizeof(v->mac_text)) <= 0 ||
	    !parse_mac(v->mac_text, v->mac))
		return false;
	v->be_id = (domid_t)strtoul(val, NULL, 10);
	v->tx = alloc_page();
	v->rx = alloc_page();
	v->page = alloc_page();
	v->rx_page = alloc_page();
	if (!v->tx || !v->rx || !v->page || !v->rx_page)
		return false;
	v->tx->req_event = v->tx->rsp_event = v->rx->req_event = v->rx->rsp_event = 1;
	v->ref = REF_VIF(k);
	grant_access(gt, v->ref, v->tx, v->be_id, 0);
	grant_access(gt, v->ref + 1, v->rx, v->be_id, 0);
	grant_access(gt, v->ref + 2, v->page, v->be_id, 0);
	grant_access(gt, v->ref + 3, v->rx_page, v->be_id, 0);
	self_frame(v);
	arp_request(v);
	return true;
}

static bool vif_write(struct vif *v, const char *leaf, unsigned int value)
{
	char s[16];

	snprintf(s, sizeof(s), "%u", value);
	return xs_write(xs_at(v->fe, leaf), s) == 0;
}

/* Rings and port published, state 4 once the backend is at 2: the
 * backend's state then (4 if it connected). */
static int vif_connect(struct vif *v)
{
	long p = alloc_unbound(DOMID_SELF, v->be_id);

	if (p < 0 || xs_wait_state(xs_at(v->be, "state"), "2", 60 * SECOND) != XB_INITWAIT)
		return vif_state(v);
	v->port = (evtchn_port_t)p;
	if (!vif_write(v, "tx-ring-ref", v->ref) || !vif_write(v, "rx-ring-ref", v->ref + 1) ||
	    !vif_write(v, "event-channel", v->port) || !vif_write(v, "request-rx-copy", 1) ||
	    !vif_write(v, "feature-rx-notify", 1) || !vif_write(v, "state", XB_CONNECTED))
		return vif_state(v);
	return xs_wait_state(xs_at(v->be, "state"), "4", 60 * SECOND);
}

static struct netif_tx_request *tx_req(struct vif *v, grant_ref_t gref, uint16_t offset,
				       uint16_t size, uint16_t flags)
{
	struct netif_tx_request *r = &v->tx->ring[v->tx_prod++ % NET_RING_SIZE].req;

	*r = (struct netif_tx_request){
		.gref = gref, .offset = offset, .flags = flags, .id = next_id++, .size = size};
	return r;
}

static void tx_push(struct vif *v)
{
	__atomic_store_n(&v->tx->req_prod, v->tx_prod, __ATOMIC_RELEASE);
	evtchn_send(v->port);
}

/* Up to timeout for n TX answers beyond tx_cons (not consumed): how many. */
static uint32_t tx_wait(struct vif *v, uint32_t n, uint64_t timeout)
{
	uint64_t end = system_time() + timeout;
	uint32_t got;

	while ((got = __atomic_load_n(&v->tx->rsp_prod, __ATOMIC_ACQUIRE) - v->tx_cons) < n &&
	       system_time() < end) {
		v->tx->rsp_event = v->tx_cons + n;
		wait_a_little(v->port);
	}
	return got;
}

static struct netif_tx_response *tx_take(struct vif *v)
{
	return &v->tx->ring[v->tx_cons++ % NET_RING_SIZE].rsp;
}

/* One request sent alone: its answer's status within 3 s, or NO_ANSWER. */
static int tx_send(struct vif *v, uint16_t offset, uint16_t size, uint16_t flags)
{
	tx_req(v, v->ref + 2, offset, size, flags);
	tx_push(v);
	return tx_wait(v, 1, 3 * SECOND) ? tx_take(v)->status : NO_ANSWER;
}

static const char *status_text(char *buf, size_t len, int status)
{
	if (status == NO_ANSWER)
		return "none";
	snprintf(buf, len, "%d", status);
	return buf;
}

static void rx_post(struct vif *v, uint16_t id, grant_ref_t gref)
{
	v->rx->ring[v->rx_prod++ % NET_RING_SIZE].req =
		(struct netif_rx_request){.id = id, .gref = gref};
}

static void rx_push(struct vif *v)
{
	__atomic_store_n(&v->rx->req_prod, v->rx_prod, __ATOMIC_RELEASE);
	evtchn_send(v->port);
}

/* Up to timeout for an RX answer beyond rx_cons: how many there are. */
static uint32_t rx_wait(struct vif *v, uint64_t timeout)
{
	uint64_t end = system_time() + timeout;
	uint32_t got;

	while (!(got = __atomic_load_n(&v->rx->rsp_prod, __ATOMIC_ACQUIRE) - v->rx_cons) &&
	       system_time() < end) {
		v->rx->rsp_event = v->rx_cons + 1;
		wait_a_little(v->port);
	}
	return got;
}

static struct netif_rx_response rx_take(struct vif *v)
{
	return v->rx->ring[v->rx_cons++ % NET_RING_SIZE].rsp;
}

/* An ARP request to dom0 sent on v (its TX answer consumed). */
static void arp_send(struct vif *v)
{
	tx_send(v, ARP_AT, FRAME_LEN, 0);
}

static const struct tx_case {
	const char *name;
	grant_ref_t ref;	  /* 0: the vif's TX page */
	uint16_t size, flags, id; /* id 0: the next one */
	uint16_t size2;		  /* not 0: a second slot of this size */
} tx_cases[] = {
	{"valid", 0, FRAME_LEN, 0, 0, 0},
	{"bad-gref", BAD_REF, FRAME_LEN, 0, 0, 0},
	{"unused-gref", REF_NET_EMPTY, FRAME_LEN, 0, 0, 0},
	{"foreign-frame", REF_NET_FOREIGN, FRAME_LEN, 0, 0, 0},
	{"no-such-frame", REF_NET_NOWHERE, FRAME_LEN, 0, 0, 0},
	{"bad-gref-mapped", BAD_REF, 1000, 0, 0, 0}, /* past 128 bytes: mapped */
	{"foreign-frame-mapped", REF_NET_FOREIGN, 1000, 0, 0, 0},
	{"ro-grant", REF_NET_RO, FRAME_LEN, 0, 0, 0},
	{"short", 0, 10, 0, 0, 0},
	{"bogus-id-flags", 0, FRAME_LEN, 0xfff0, 0xffff, 0},
	{"slot-bigger", 0, 100, NETTXF_more_data, 0, 200},
	{"valid-after", 0, FRAME_LEN, 0, 0, 0},
};

/* One TX case: "rsp=<status>[,<status>] id=<first answer's id>". */
static void net_tx_case(struct vif *v, const struct tx_case *c)
{
	struct netif_tx_request *r = tx_req(v, c->ref ? c->ref : v->ref + 2, 0, c->size, c->flags);
	uint32_t got;
	unsigned int id = 0;
	size_t at = 0;
	char out[48] = "none";

	if (c->id)
		r->id = c->id;
	if (c->size2)
		tx_req(v, v->ref + 2, 0, c->size2, 0);
	tx_push(v);
	got = tx_wait(v, c->size2 ? 2 : 1, 3 * SECOND);
	for (uint32_t i = 0; i < got; i++) {
		struct netif_tx_response *a = tx_take(v);

		id = i ? id : a->id;
		if (at < sizeof(out))
			at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%d", i ? "," : "",
					       a->status);
	}
	printf("HOSTILE net tx %s: rsp=%s id=%u\n", c->name, out, id);
}

static const struct {
	const char *name;
	grant_ref_t ref;
} rx_cases[] = {
	{"bad-gref", BAD_REF},
	{"unused-gref", REF_NET_EMPTY},
	{"foreign-frame", REF_NET_FOREIGN},
	{"no-such-frame", REF_NET_NOWHERE},
	{"ro-grant", REF_NET_RO},
	{"l4-frame", REF_NET_L4},
};

/* RX requests naming bad grants, filled by whatever comes (ARP replies
 * to the requests sent meanwhile): "status=<GNTST code>" each. */
static void net_rx_bad(struct vif *v)
{
	int status[ARRAY_SIZE(rx_cases)];
	unsigned int left = ARRAY_SIZE(rx_cases);
	uint64_t end = system_time() + 20 * SECOND;
	char s[16];

	for (unsigned int i = 0; i < ARRAY_SIZE(rx_cases); i++) {
		status[i] = NO_ANSWER;
		rx_post(v, (uint16_t)(ID_RX_BAD + i), rx_cases[i].ref);
	}
	rx_push(v);
	while (left && system_time() < end) {
		arp_send(v);
		for (uint32_t n = rx_wait(v, 300000000UL); n; n--) {
			struct netif_rx_response r = rx_take(v);
			unsigned int i = (unsigned int)r.id - ID_RX_BAD;

			if (i < ARRAY_SIZE(rx_cases) && status[i] == NO_ANSWER) {
				status[i] = r.status;
				left--;
			}
		}
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(rx_cases); i++)
		printf("HOSTILE net rx %s: status=%s\n", rx_cases[i].name,
		       status_text(s, sizeof(s), status[i]));
}

/* ARP requests to dom0 until its reply lands in one of vif 0's buffers
 * (each buffer posted again once read): the reply's length, or NO_ANSWER. */
static int net_arp_exchange(struct vif *v)
{
	uint64_t end = system_time() + 15 * SECOND;

	while (system_time() < end) {
		arp_send(v);
		for (uint32_t n = rx_wait(v, 300000000UL); n; n--) {
			struct netif_rx_response r = rx_take(v);
			unsigned int i = (unsigned int)r.id - ID_RX_BUF;
			bool hit;

			if (i >= RX_BUFS)
				continue;
			hit = r.status > 0 && r.offset < 4096 &&
			      is_arp_reply(rx_buf[i] + r.offset, r.status, v);
			rx_post(v, r.id, REF_RX_BUF + i);
			rx_push(v);
			if (hit)
				return r.status;
		}
	}
	return NO_ANSWER;
}

static void fatal_ring_ahead(struct vif *v)
{
	v->tx_prod = v->tx_cons + 10000;
	tx_push(v);
}
static void fatal_cross_page(struct vif *v)
{
	tx_req(v, v->ref + 2, 4000, 200, 0);
	tx_push(v);
}
static void fatal_more_data_last(struct vif *v)
{
	tx_req(v, v->ref + 2, 0, FRAME_LEN, NETTXF_more_data);
	tx_push(v);
}

static const struct {
	const char *name;
	void (*attack)(struct vif *v);
} fatal_cases[NET_VIFS - 1] = {
	{"ring-ahead", fatal_ring_ahead},
	{"cross-page", fatal_cross_page},
	{"more-data-last", fatal_more_data_last},
};

/* A valid frame, the violation, then a valid frame again (2 s later: the
 * backend disables the vif in a thread of its own): "before=<status>
 * answered=<answers to the violation> after=<status>|none state=<state>". */
static void net_fatal(struct vif *v, unsigned int k)
{
	int before = tx_send(v, 0, FRAME_LEN, 0), after;
	uint32_t answered;
	char b[16], a[16];

	fatal_cases[k - 1].attack(v);
	answered = tx_wait(v, 1, 2 * SECOND);
	v->tx_cons += answered;
	if (v->tx_prod - v->tx_cons > NET_RING_SIZE)
		v->tx_prod = v->tx_cons; /* the producer back where the answers are */
	after = tx_send(v, 0, FRAME_LEN, 0);
	printf("HOSTILE net vif%u %s: before=%s answered=%u after=%s state=%d\n", k,
	       fatal_cases[k - 1].name, status_text(b, sizeof(b), before), answered,
	       status_text(a, sizeof(a), after), vif_state(v));
}

/* dom0 checks its side of the vifs meanwhile (tools/dom0/tests/split.sh). */
static void net_wait_dom0(void)
{
	uint64_t end = system_time() + 300 * SECOND;
	evtchn_port_t p = vifs[0].port;
	char v[16];
	bool seen = false;

	printf("HOSTILE net done\n");
	while (!seen && system_time() < end) {
		seen = xs_read("data/net-checked", v, sizeof(v)) > 0;
		poll_ports(&p, 1, system_time() + 200000000UL);
		port_clear_pending(p);
	}
	printf("HOSTILE net checked: %s\n", seen ? v : "timeout");
}

/* The vifs' ids in ids: their count once there are 4 (split.sh attaches
 * them one at a time after the create), or after 4 minutes. */
static int net_vif_ids(char *ids, size_t len)
{
	uint64_t end = system_time() + 240 * SECOND;
	int n;

	while ((n = xs_directory("device/vif", ids, len)) < NET_VIFS && system_time() < end)
		for (unsigned int i = 0; i < 10; i++)
			wait_a_little(start_info->store_evtchn);
	return n;
}

/* The vifs 0-3 set up and connected: false (and why, printed) if not. */
static bool net_connect(void)
{
	char ids[64];
	int n = net_vif_ids(ids, sizeof(ids));

	printf("HOSTILE net vifs: %d\n", n);
	gt = grant_table_map_own();
	if (n != NET_VIFS || !gt)
		return false;
	for (const char *id = ids; n--; id += strlen(id) + 1) {
		unsigned long k = strtoul(id, NULL, 10);

		if (k >= NET_VIFS || !vif_setup(&vifs[k], id, (unsigned int)k))
			return false;
	}
	net_bad_grants(vifs[0].be_id, vifs[0].page);
	for (unsigned int i = 0; i < RX_BUFS; i++) {
		if (!(rx_buf[i] = alloc_page()))
			return false;
		grant_access(gt, REF_RX_BUF + i, rx_buf[i], vifs[0].be_id, 0);
	}
	for (unsigned int k = 0; k < NET_VIFS; k++) {
		int st = vif_connect(&vifs[k]);

		printf("HOSTILE net vif%u connect: mac=%s state=%d\n", k, vifs[k].mac_text, st);
		if (st != XB_CONNECTED)
			return false;
	}
	/* vifs 1-3 get buffers (all in one page) so that they are up too */
	for (unsigned int k = 1; k < NET_VIFS; k++) {
		for (unsigned int i = 0; i < 64; i++)
			rx_post(&vifs[k], (uint16_t)i, vifs[k].ref + 3);
		rx_push(&vifs[k]);
	}
	return true;
}

void net_attack(void)
{
	struct vif *v0 = &vifs[0];
	char s[16], a[16];
	int tx;

	if (!net_connect()) {
		printf("HOSTILE net connect: failed\nHOSTILE net done\n");
		return;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(tx_cases); i++)
		net_tx_case(v0, &tx_cases[i]);
	net_rx_bad(v0);
	for (unsigned int i = 0; i < RX_BUFS; i++)
		rx_post(v0, (uint16_t)(ID_RX_BUF + i), REF_RX_BUF + i);
	rx_push(v0);
	printf("HOSTILE net rx arp-reply: status=%s\n",
	       status_text(s, sizeof(s), net_arp_exchange(v0)));
	for (unsigned int k = 1; k < NET_VIFS; k++)
		net_fatal(&vifs[k], k);
	tx = tx_send(v0, 0, FRAME_LEN, 0);
	printf("HOSTILE net vif0 after: tx=%s arp=%s state=%d\n", status_text(a, sizeof(a), tx),
	       status_text(s, sizeof(s), net_arp_exchange(v0)), vif_state(v0));
	net_wait_dom0();
	for (unsigned int i = 0; i < 16; i++)
		tx_req(v0, v0->ref + 2, 0, 1000, 0);
	tx_push(v0);
	printf("HOSTILE net vanish: 16 requests in flight on vif0\n");
}

/* A copy of 64 bytes of src into our grant ref (as dom0): its status. */
static int16_t copy_into(grant_ref_t ref, const void *src)
{
	struct gnttab_copy c = {
		.source = {.u.gmfn = virt_to_mfn(src), .domid = DOMID_SELF},
		.dest = {.u.ref = ref, .domid = DOMID_SELF},
		.len = 64,
		.flags = GNTCOPY_dest_gref,
	};

	gnttab_op(GNTTABOP_copy, &c, 1);
	return c.status;
}

void net_selfcheck(void)
{
	uint8_t *src = alloc_page(), *dst = alloc_page();

	gt = grant_table_map_own();
	if (!gt || !src || !dst) {
		error("grant set-up");
		return;
	}
	memcpy(src, "xeno hostile", 12);
	grant_access(gt, REF_NET_OK, dst, 0, 0);
	net_bad_grants(0, dst);
	check_eq(copy_into(REF_NET_OK, src), GNTST_okay, "copy into a good grant");
	check_eq(memcmp(dst, "xeno hostile", 12), 0, "the bytes copied");
	check_eq(copy_into(BAD_REF, src), GNTST_bad_gntref, "copy into a bad ref");
	check_eq(copy_into(REF_NET_EMPTY, src), GNTST_general_error, "copy into an unused ref");
	check_eq(copy_into(REF_NET_FOREIGN, src), GNTST_bad_page, "copy into a frame not ours");
	check_eq(copy_into(REF_NET_NOWHERE, src), GNTST_bad_page, "copy into no such frame");
	check_eq(copy_into(REF_NET_RO, src), GNTST_general_error, "copy into a read-only grant");
	check_eq(copy_into(REF_NET_L4, src), GNTST_general_error, "copy into our L4");
}
