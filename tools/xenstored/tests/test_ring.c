/*
 * xenstored's ring front end (ring.c, domain_io.c) on the fake device
 * backends of tools/libs: the test plays the guests (writing requests into
 * req[], reading rsp[], firing their ports) and the hypervisor (grants,
 * foreign frames, getdomaininfo, VIRQ_DOM_EXC).
 *
 * Covered: dom0's local ring and its first notify, requests and replies
 * across the ring's wrap and larger than the ring, INTRODUCE by grant and
 * by foreign map (and neither), @introduceDomain/@releaseDomain on
 * shutdown and death, RESUME, RELEASE unmapping and unbinding, corrupt
 * indices and broken frames (error field) and the reconnection that
 * recovers, back-pressure from a guest that stops reading, and requests
 * served in passes while the port stays masked (one unmask per event).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "public/domctl.h"
#include "public/grant_table.h"
#include "public/xen.h"
#include "xs_ring.h"
#include "../libs/call/xcall.h"
#include "../libs/call/xcall_fake.h"
#include "../libs/evtchn/xevtchn.h"
#include "../libs/evtchn/xevtchn_fake.h"
#include "../libs/gnttab/xgnttab.h"
#include "../libs/gnttab/xgnttab_fake.h"

#define DOM0_PORT 7 /* the dom0 kernel's port (remote) */
#define HDR sizeof(struct xsd_sockmsg)

struct guest {
	struct xenstore_domain_interface *intf;
	uint16_t domid;
	uint32_t rport;
};

static struct xsd_rings *rings;
static struct guest dom0;
static char text[16384];
static char events[4096]; /* "path|token;" of watch events seen */

static struct xenstore_domain_interface *new_page(void)
{
	void *p = aligned_alloc(4096, 4096);

	memset(p, 0, 4096);
	return p;
}

static uint32_t lport(const struct guest *g)
{
	int p = fake_evtchn_port_of(g->domid, g->rport);

	assert_true(p > 0);
	return (uint32_t)p;
}

static void kick(struct guest *g)
{
	fake_evtchn_fire(lport(g));
	xsd_rings_event(rings);
}

/* Guest side: as many bytes as fit into req[]; returns them. */
static size_t g_put(struct guest *g, const void *data, size_t len)
{
	struct xenstore_domain_interface *i = g->intf;
	size_t n = 0;

	while (n < len && i->req_prod - i->req_cons < XENSTORE_RING_SIZE) {
		i->req[MASK_XENSTORE_IDX(i->req_prod)] = ((const char *)data)[n++];
		i->req_prod++;
	}
	return n;
}

static void g_send_raw(struct guest *g, const void *data, size_t len)
{
	size_t done = 0;

	for (int spins = 0; done < len; spins++) {
		assert_true(spins < 64);
		done += g_put(g, (const char *)data + done, len - done);
		kick(g);
	}
}

static size_t g_take(struct guest *g, void *buf, size_t max)
{
	struct xenstore_domain_interface *i = g->intf;
	size_t n = 0;

	while (n < max && i->rsp_cons != i->rsp_prod) {
		((char *)buf)[n++] = i->rsp[MASK_XENSTORE_IDX(i->rsp_cons)];
		i->rsp_cons++;
	}
	return n;
}

/* One whole message from rsp[], kicking the server while it is partial. */
static bool g_recv(struct guest *g, struct xsd_sockmsg *hdr, char *payload)
{
	size_t have = 0;

	for (int spins = 0; have < HDR; spins++) {
		if (spins > 4)
			return false;
		have += g_take(g, (char *)hdr + have, HDR - have);
		if (have < HDR)
			kick(g);
	}
	assert_true(hdr->len <= XENSTORE_PAYLOAD_MAX);
	have = 0;
	for (int spins = 0; have < hdr->len; spins++) {
		assert_true(spins < 64);
		have += g_take(g, payload + have, hdr->len - have);
		if (have < hdr->len)
			kick(g);
	}
	payload[hdr->len] = '\0';
	return true;
}

static const char *as_text(const char *p, uint32_t len)
{
	if (len && p[len - 1] == '\0')
		len--;
	for (uint32_t i = 0; i < len; i++)
		text[i] = p[i] ? p[i] : ',';
	text[len] = '\0';
	return text;
}

/* The reply to one request (events before it go to events[]). */
static const char *g_op_raw(struct guest *g, uint32_t type, const char *payload, uint32_t len)
{
	static uint32_t req_id = 1;
	char buf[HDR + XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg hdr = {type, req_id++, 0, len};

	memcpy(buf, &hdr, HDR);
	memcpy(buf + HDR, payload, len);
	g_send_raw(g, buf, HDR + len);
	for (;;) {
		struct xsd_sockmsg r;

		assert_true(g_recv(g, &r, buf));
		if (r.type == XS_WATCH_EVENT) {
			strcat(events, as_text(buf, r.len));
			strcat(events, ";");
			continue;
		}
		assert_int_equal(r.req_id, hdr.req_id);
		return as_text(buf, r.len);
	}
}

static const char *g_op(struct guest *g, uint32_t type, ...)
{
	char payload[XENSTORE_PAYLOAD_MAX];
	uint32_t len = 0;
	const char *s;
	va_list ap;

	va_start(ap, type);
	while ((s = va_arg(ap, const char *))) {
		memcpy(payload + len, s, strlen(s) + 1);
		len += (uint32_t)strlen(s) + 1;
	}
	va_end(ap);
	return g_op_raw(g, type, payload, len);
}

/* Watch events waiting in g's ring, into events[]. */
static const char *g_events(struct guest *g)
{
	struct xsd_sockmsg r;
	char buf[XENSTORE_PAYLOAD_MAX + 1];

	while (g_recv(g, &r, buf)) {
		assert_int_equal(r.type, XS_WATCH_EVENT);
		strcat(events, as_text(buf, r.len));
		strcat(events, ";");
	}
	return events;
}

static int setup(void **state)
{
	fake_evtchn_reset();
	fake_call_reset();
	fake_gnttab_reset();
	fake_call_set_domain(0, XEN_DOMINF_running);
	rings = xsd_rings_new(xevtchn_open(), xcall_open(), xgnttab_open());
	assert_int_equal(xsd_rings_bind_dom_exc(rings), 0);
	dom0 = (struct guest){new_page(), 0, DOM0_PORT};
	assert_int_equal(xsd_rings_attach_local(rings, dom0.intf, DOM0_PORT), 0);
	events[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	struct xevtchn *e = xsd_rings_evtchn(rings);
	struct xcall *c = xsd_rings_call(rings);
	struct xgnttab *g = xsd_rings_gnttab(rings);

	xsd_rings_free(rings);
	xevtchn_close(e);
	xcall_close(c);
	xgnttab_close(g);
	assert_int_equal(fake_evtchn_bound_count(), 0);
	assert_int_equal(fake_gnttab_mapped(), 0);
	assert_int_equal(fake_call_mapped(), 0);
	free(dom0.intf);
	return 0;
}

static void test_local_ring(void **state)
{
	/* Bound to the kernel's port, told once, features advertised. */
	assert_int_equal(xsd_rings_port(rings, 0), lport(&dom0));
	assert_int_equal(fake_evtchn_take_notifies(lport(&dom0)), 1);
	assert_int_equal(dom0.intf->server_features & XENSTORE_SERVER_FEATURE_RECONNECTION,
			 XENSTORE_SERVER_FEATURE_RECONNECTION);
	assert_string_equal(g_op(&dom0, XS_DIRECTORY, "/tool", NULL), "xenstored");
	assert_true(fake_evtchn_take_notifies(lport(&dom0)) >= 1);
	assert_int_equal(dom0.intf->req_cons, dom0.intf->req_prod);
	assert_false(fake_evtchn_masked(lport(&dom0)));
	assert_string_equal(g_op(&dom0, XS_WRITE, "/a", NULL), "OK");
	assert_string_equal(g_op(&dom0, XS_READ, "/a/b", NULL), "ENOENT");
}

/* A request queued before the daemon started is served on attach. */
static void test_local_ring_early_request(void **state)
{
	struct guest g = {new_page(), 0, 9};
	char buf[64], reply[64];
	struct xsd_sockmsg hdr = {XS_READ, 42, 0, 6}, r;

	memcpy(buf, &hdr, HDR);
	memcpy(buf + HDR, "/tool", 6);
	assert_int_equal(g_put(&g, buf, HDR + 6), HDR + 6);
	assert_int_equal(xsd_rings_attach_local(rings, g.intf, 9), 0);
	assert_true(g_recv(&g, &r, reply));
	assert_int_equal(r.req_id, 42);
	assert_int_equal(r.type, XS_READ);
	free(g.intf);
}

static void test_wrap_and_large_values(void **state)
{
	static char big[3001 + 8];

	/* Move the indices near the wrap of the 32-bit counters. */
	dom0.intf->req_cons = dom0.intf->req_prod = 0xfffffff0u;
	dom0.intf->rsp_cons = dom0.intf->rsp_prod = 0xfffffff8u;
	xsd_rings_service(rings); /* nothing to do at the new indices */
	memcpy(big, "/big", 5);
	memset(big + 5, 'v', 3000);
	assert_string_equal(g_op_raw(&dom0, XS_WRITE, big, 5 + 3000), "OK");
	assert_int_equal(strlen(g_op(&dom0, XS_READ, "/big", NULL)), 3000);
	for (int i = 0; i < 20; i++)
		assert_string_equal(g_op(&dom0, XS_READ, "/tool/xenstored", NULL), "");
	assert_true(dom0.intf->req_prod < 0x1000);
}

static struct guest introduce(uint16_t domid, const char *gfn, uint32_t rport, const char *want)
{
	char id[8], port[16];
	struct guest g = {NULL, domid, rport};

	snprintf(id, sizeof(id), "%u", domid);
	snprintf(port, sizeof(port), "%u", rport);
	assert_string_equal(g_op(&dom0, XS_INTRODUCE, id, gfn, port, NULL), want);
	return g;
}

static void test_introduce_by_grant(void **state)
{
	struct xenstore_domain_interface *page = new_page();
	struct guest g;

	fake_call_set_domain(5, XEN_DOMINF_running);
	fake_gnttab_grant(5, GNTTAB_RESERVED_XENSTORE, page);
	assert_string_equal(g_op(&dom0, XS_WATCH, "@introduceDomain", "tok", NULL), "OK");
	g = introduce(5, "1234", 3, "OK");
	g.intf = page;
	assert_int_equal(fake_gnttab_mapped(), 1);
	assert_int_equal(fake_call_mapped(), 0);
	assert_int_equal(xsd_rings_port(rings, 5), lport(&g));
	assert_int_equal(page->server_features & XENSTORE_SERVER_FEATURE_RECONNECTION,
			 XENSTORE_SERVER_FEATURE_RECONNECTION);
	assert_string_equal(g_events(&dom0), "@introduceDomain,tok;@introduceDomain,tok;");
	assert_string_equal(g_op(&g, XS_GET_DOMAIN_PATH, "5", NULL), "/local/domain/5");
	assert_string_equal(g_op(&g, XS_READ, "/tool", NULL), "EACCES");
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "5", NULL), "T");
	/* A domU may not introduce anyone. */
	assert_string_equal(g_op(&g, XS_INTRODUCE, "6", "1", "1", NULL), "EACCES");
	assert_string_equal(g_op(&dom0, XS_RELEASE, "5", NULL), "OK");
	assert_int_equal(fake_gnttab_mapped(), 0);
	assert_int_equal(fake_evtchn_port_of(5, 3), -1);
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "5", NULL), "F");
	free(page);
}

static void test_introduce_by_foreign_map(void **state)
{
	struct xenstore_domain_interface *page = new_page();
	struct guest g;

	fake_call_set_domain(6, XEN_DOMINF_running);
	fake_call_set_frame(6, 0x4321, page);
	g = introduce(6, "17185", 4, "OK"); /* 0x4321 */
	g.intf = page;
	assert_int_equal(fake_call_mapped(), 1);
	assert_int_equal(fake_gnttab_mapped(), 0);
	assert_string_equal(g_op(&g, XS_GET_DOMAIN_PATH, "6", NULL), "/local/domain/6");
	/* Neither a grant nor the frame: refused, nothing left behind. */
	introduce(8, "99", 4, "EINVAL");
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "8", NULL), "F");
	/* A port that cannot be bound: refused and unmapped. */
	fake_gnttab_grant(9, GNTTAB_RESERVED_XENSTORE, page);
	fake_evtchn_fail_binds(22);
	introduce(9, "1", 5, "EINVAL");
	fake_evtchn_fail_binds(0);
	assert_int_equal(fake_gnttab_mapped(), 0);
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "9", NULL), "F");
	/* Freeing the front end unmaps domain 6's page: teardown() checks. */
	{
		struct xevtchn *e = xsd_rings_evtchn(rings);
		struct xcall *c = xsd_rings_call(rings);
		struct xgnttab *gt = xsd_rings_gnttab(rings);

		xsd_rings_free(rings);
		assert_int_equal(fake_call_mapped(), 0);
		rings = xsd_rings_new(e, c, gt);
	}
	assert_int_equal(xsd_rings_attach_local(rings, dom0.intf, DOM0_PORT), 0);
	free(page);
}

static void fire_dom_exc(void)
{
	int p = fake_evtchn_port_of_virq(VIRQ_DOM_EXC);

	assert_true(p > 0);
	fake_evtchn_fire((uint32_t)p);
	xsd_rings_event(rings);
}

static void test_shutdown_and_death(void **state)
{
	struct xenstore_domain_interface *page = new_page();
	struct guest g;

	fake_call_set_domain(5, XEN_DOMINF_running);
	fake_gnttab_grant(5, GNTTAB_RESERVED_XENSTORE, page);
	g = introduce(5, "1", 3, "OK");
	g.intf = page;
	assert_string_equal(g_op(&dom0, XS_WATCH, "@releaseDomain", "r", NULL), "OK");
	assert_string_equal(g_events(&dom0), "@releaseDomain,r;"); /* the initial event */
	events[0] = '\0';
	fire_dom_exc(); /* nothing changed: no event */
	assert_string_equal(g_events(&dom0), "");
	fake_call_set_domain(5, XEN_DOMINF_shutdown);
	fire_dom_exc();
	fire_dom_exc(); /* once per shutdown */
	assert_string_equal(g_events(&dom0), "@releaseDomain,r;");
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "5", NULL), "T");
	assert_string_equal(g_op(&g, XS_GET_DOMAIN_PATH, "5", NULL), "/local/domain/5");
	assert_string_equal(g_op(&dom0, XS_RESUME, "5", NULL), "OK");
	events[0] = '\0';
	fire_dom_exc(); /* re-armed */
	assert_string_equal(g_events(&dom0), "@releaseDomain,r;");
	events[0] = '\0';
	fake_call_set_domain(5, XEN_DOMINF_shutdown | XEN_DOMINF_dying);
	fire_dom_exc();
	assert_string_equal(g_events(&dom0), "@releaseDomain,r;");
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "5", NULL), "F");
	assert_int_equal(fake_gnttab_mapped(), 0);
	assert_int_equal(fake_evtchn_port_of(5, 3), -1);
	/* Gone entirely (getdomaininfo answers the next domain, 6). */
	fake_call_set_domain(6, XEN_DOMINF_running);
	introduce(5, "1", 3, "OK");
	fake_call_remove_domain(5);
	events[0] = '\0';
	fire_dom_exc();
	assert_string_equal(g_events(&dom0), "@releaseDomain,r;");
	assert_string_equal(g_op(&dom0, XS_IS_DOMAIN_INTRODUCED, "5", NULL), "F");
	free(page);
}

static void test_corrupt_indices_and_reconnect(void **state)
{
	struct xenstore_domain_interface *page = new_page();
	struct guest g;

	fake_call_set_domain(5, XEN_DOMINF_running);
	fake_gnttab_grant(5, GNTTAB_RESERVED_XENSTORE, page);
	g = introduce(5, "1", 3, "OK");
	g.intf = page;
	page->req_prod = page->req_cons + XENSTORE_RING_SIZE + 1;
	kick(&g);
	assert_int_equal(page->error, XENSTORE_ERROR_RINGIDX);
	assert_int_equal(page->rsp_prod, 0);
	/* The guest asks to reconnect: indices zeroed, served again. */
	page->connection = XENSTORE_RECONNECT;
	kick(&g);
	assert_int_equal(page->connection, XENSTORE_CONNECTED);
	assert_int_equal(page->error, XENSTORE_ERROR_NONE);
	assert_int_equal(page->req_prod, 0);
	assert_string_equal(g_op(&g, XS_GET_DOMAIN_PATH, "5", NULL), "/local/domain/5");
	/* A frame announcing too much breaks the protocol. */
	{
		struct xsd_sockmsg hdr = {XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1};

		g_send_raw(&g, &hdr, HDR);
	}
	assert_int_equal(page->error, XENSTORE_ERROR_PROTO);
	page->connection = XENSTORE_RECONNECT;
	kick(&g);
	assert_string_equal(g_op(&g, XS_GET_DOMAIN_PATH, "5", NULL), "/local/domain/5");
	assert_string_equal(g_op(&dom0, XS_RELEASE, "5", NULL), "OK");
	free(page);
}

/* A guest that never reads replies: the daemon stops taking its requests. */
static void test_backpressure(void **state)
{
	char buf[HDR + 16];
	struct xsd_sockmsg hdr = {XS_READ, 1, 0, 6};
	struct xenstore_domain_interface *i = dom0.intf;
	int sent = 0;

	memcpy(buf, &hdr, HDR);
	memcpy(buf + HDR, "/tool", 6);
	for (int n = 0; n < 200; n++) {
		if (XENSTORE_RING_SIZE - (i->req_prod - i->req_cons) >= HDR + 6) {
			assert_int_equal(g_put(&dom0, buf, HDR + 6), HDR + 6);
			sent++;
		}
		fake_evtchn_fire(lport(&dom0));
		xsd_rings_event(rings);
	}
	assert_int_equal(i->rsp_prod - i->rsp_cons, XENSTORE_RING_SIZE);
	assert_true(i->req_prod - i->req_cons > XENSTORE_RING_SIZE - HDR - 6);
	assert_true(sent > XENSTORE_RING_SIZE / (int)HDR);
	/* Draining the replies lets it go on, in order, none lost. */
	for (int n = 0; n < sent; n++) {
		struct xsd_sockmsg r;
		char reply[64];

		assert_true(g_recv(&dom0, &r, reply));
		assert_int_equal(r.type, XS_READ);
	}
	assert_int_equal(i->req_prod, i->req_cons);
	assert_int_equal(i->rsp_prod, i->rsp_cons);
}

/* A client that answers each notify at once with its next request (dom0's
 * kernel preempting the daemon): replies counted, requests left to send. */
struct chatty {
	struct guest *g;
	int left, replies;
};

static void chatty_put(struct guest *g)
{
	char buf[HDR + 6];
	struct xsd_sockmsg hdr = {XS_DIRECTORY, 9, 0, 6};

	memcpy(buf, &hdr, HDR);
	memcpy(buf + HDR, "/tool", 6);
	assert_int_equal(g_put(g, buf, sizeof(buf)), sizeof(buf));
	fake_evtchn_fire(lport(g)); /* masked while the daemon serves: pending */
}

static void chatty_notified(uint32_t port, void *opaque)
{
	struct chatty *c = opaque;
	struct xsd_sockmsg r;
	char payload[XENSTORE_PAYLOAD_MAX];

	assert_int_equal(port, lport(c->g));
	while (c->g->intf->rsp_prod - c->g->intf->rsp_cons >= HDR) {
		assert_int_equal(g_take(c->g, &r, HDR), HDR);
		assert_int_equal(g_take(c->g, payload, r.len), r.len);
		assert_int_equal(r.type, XS_DIRECTORY);
		c->replies++;
	}
	if (c->left-- > 0)
		chatty_put(c->g);
}

/* Requests that come while the port is masked are served by the same event:
 * one unmask, one notify per request, and the port is unmasked at the end
 * (the pending event raised again is only a spurious wake). */
static void test_passes_while_masked(void **state)
{
	struct chatty c = {&dom0, 7, 0};
	uint32_t port = lport(&dom0);

	fake_evtchn_take_notifies(port);
	fake_evtchn_take_unmasks(port);
	fake_evtchn_on_notify(chatty_notified, &c);
	chatty_put(&dom0);
	xsd_rings_event(rings);
	assert_int_equal(c.replies, 8);
	assert_int_equal(fake_evtchn_take_notifies(port), 8);
	assert_int_equal(fake_evtchn_take_unmasks(port), 1);
	assert_false(fake_evtchn_masked(port));
	fake_evtchn_on_notify(NULL, NULL);
	xsd_rings_event(rings); /* the latched event: nothing to serve */
	assert_int_equal(fake_evtchn_take_notifies(port), 0);
	assert_int_equal(fake_evtchn_take_unmasks(port), 1);
	assert_false(fake_evtchn_masked(port));
	assert_string_equal(g_op(&dom0, XS_DIRECTORY, "/tool", NULL), "xenstored");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_local_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_ring_early_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrap_and_large_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_introduce_by_grant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_introduce_by_foreign_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_and_death, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_indices_and_reconnect, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_backpressure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passes_while_masked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
