/*
 * evtchn: 2-level event channels within one domain (we are dom0).
 * Covers alloc_unbound (DOMID_SELF and our own id), a loopback pair made
 * with bind_interdomain and sends both ways, bind_virq (per-vCPU TIMER and
 * DEBUG, global CONSOLE; -EEXIST, -EINVAL, -ENOENT), bind_ipi, status of
 * every kind, close, send, bind_vcpu, unmask, reset, invalid ports, and
 * upcall delivery: the callback runs with events masked, pending bits,
 * selector and evtchn_upcall_pending as the ABI defines them.
 * The FIFO ABI is covered by evtchn-fifo.
 */
#include <guest_events.h>

const char test_title[] = "evtchn: 2-level event channels, one domain";

#define SELF_ID 0	  /* we run as dom0 */
#define NO_SUCH_DOM 1234  /* no domain has this id */
#define NO_SUCH_VCPU 1000 /* beyond any domain's vCPUs */
#define BAD_PORT 4096	  /* beyond the 2-level ABI's 4096 ports */
#define UNUSED_PORT 4095  /* within the ABI, never allocated here */

static long status(domid_t dom, unsigned int port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return evtchn_op(EVTCHNOP_status, st);
}

/* status(DOMID_SELF, port) must succeed with this status and vCPU 0. */
static struct evtchn_status expect_status(unsigned int port, uint32_t want, const char *what)
{
	struct evtchn_status st;
	long rc = status(DOMID_SELF, port, &st);

	check(rc == 0, "%s: status of port %u: want 0, got %ld", what, port, rc);
	check(st.status == want, "%s: port %u status: want %u, got %u", what, port, want,
	      st.status);
	check(st.vcpu == 0, "%s: port %u vcpu: want 0, got %u", what, port, st.vcpu);
	return st;
}

static long bind_interdomain(domid_t dom, unsigned int remote_port)
{
	struct evtchn_bind_interdomain b = {.remote_dom = dom, .remote_port = remote_port};
	long rc = evtchn_op(EVTCHNOP_bind_interdomain, &b);

	return rc ? rc : (long)b.local_port;
}

static long bind_vcpu(unsigned int port, unsigned int vcpu)
{
	struct evtchn_bind_vcpu b = {.port = port, .vcpu = vcpu};

	return evtchn_op(EVTCHNOP_bind_vcpu, &b);
}

static void expect_rc(long rc, long want, const char *what)
{
	check(rc == want, "%s: want %ld, got %ld", what, want, rc);
}

static void close_ok(long port, const char *what)
{
	check(port > 0 && evtchn_close((unsigned int)port) == 0, "%s: close port %ld failed", what,
	      port);
}

/* A clean slate for delivery checks: nothing pending anywhere. */
static void clear_all_pending(void)
{
	memset(shared->evtchn_pending, 0, sizeof(shared->evtchn_pending));
	vcpu0()->evtchn_pending_sel = 0;
	vcpu0()->evtchn_upcall_pending = 0;
	events_reset_counts();
}

static void test_alloc_unbound(void)
{
	long a = alloc_unbound(DOMID_SELF, DOMID_SELF), b = alloc_unbound(SELF_ID, SELF_ID);
	long c = alloc_unbound(DOMID_SELF, NO_SUCH_DOM);
	struct evtchn_status st;

	check(a > 0 && b > 0 && c > 0 && a != b && b != c,
	      "alloc_unbound: want three distinct ports, got %ld %ld %ld", a, b, c);
	st = expect_status((unsigned int)a, EVTCHNSTAT_unbound, "unbound (DOMID_SELF)");
	check(st.u.unbound.dom == SELF_ID, "DOMID_SELF as remote reads back as %u, want %u",
	      st.u.unbound.dom, SELF_ID);
	st = expect_status((unsigned int)b, EVTCHNSTAT_unbound, "unbound (dom 0)");
	check(st.u.unbound.dom == SELF_ID, "remote dom 0 reads back as %u", st.u.unbound.dom);
	st = expect_status((unsigned int)c, EVTCHNSTAT_unbound, "unbound (absent remote)");
	check(st.u.unbound.dom == NO_SUCH_DOM, "remote %u reads back as %u", NO_SUCH_DOM,
	      st.u.unbound.dom);
	check(status(SELF_ID, (unsigned int)a, &st) == 0 && st.status == EVTCHNSTAT_unbound,
	      "status by our own domain id: rc/status %u", st.status);
	expect_rc(evtchn_send((unsigned int)a), 0, "send on an unbound port (dropped)");
	check(!port_pending((unsigned int)a), "send on an unbound port set it pending");
	expect_rc(alloc_unbound(NO_SUCH_DOM, SELF_ID), -XEN_ESRCH, "alloc_unbound in dom 1234");
	expect_rc(bind_interdomain(DOMID_SELF, (unsigned int)c), -XEN_EINVAL,
		  "bind_interdomain to a port offered to another domain");
	close_ok(a, "unbound");
	close_ok(b, "unbound");
	close_ok(c, "unbound");
	expect_status((unsigned int)a, EVTCHNSTAT_closed, "closed unbound port");
}

/* A loopback pair: u offered to ourselves, l bound to it. */
static void test_loopback(void)
{
	long u = alloc_unbound(DOMID_SELF, DOMID_SELF),
	     l = bind_interdomain(DOMID_SELF, (unsigned int)u);
	struct evtchn_status st;

	check(u > 0 && l > 0 && u != l, "loopback pair: ports %ld %ld", u, l);
	if (u <= 0 || l <= 0)
		return;
	check(port_pending((unsigned int)l), "a fresh interdomain port starts pending");
	st = expect_status((unsigned int)l, EVTCHNSTAT_interdomain, "local end");
	check(st.u.interdomain.dom == SELF_ID && st.u.interdomain.port == u,
	      "local end: want peer dom %u port %ld, got dom %u port %u", SELF_ID, u,
	      st.u.interdomain.dom, st.u.interdomain.port);
	st = expect_status((unsigned int)u, EVTCHNSTAT_interdomain, "remote end");
	check(st.u.interdomain.port == l, "remote end: want peer port %ld, got %u", l,
	      st.u.interdomain.port);
	port_clear_pending((unsigned int)l);
	expect_rc(evtchn_send((unsigned int)l), 0, "send l -> u");
	check(port_pending((unsigned int)u) && !port_pending((unsigned int)l),
	      "send on l: want u pending, l not; got u %d l %d", port_pending((unsigned int)u),
	      port_pending((unsigned int)l));
	port_clear_pending((unsigned int)u);
	expect_rc(evtchn_send((unsigned int)u), 0, "send u -> l");
	check(port_pending((unsigned int)l) && !port_pending((unsigned int)u),
	      "send on u: want l pending, u not");
	expect_rc(bind_interdomain(DOMID_SELF, (unsigned int)u), -XEN_EINVAL,
		  "bind_interdomain to a bound port");
	expect_rc(bind_interdomain(NO_SUCH_DOM, (unsigned int)u), -XEN_ESRCH,
		  "bind_interdomain to dom 1234");
	close_ok(l, "loopback local end");
	check(!port_pending((unsigned int)l), "close cleared the pending bit");
	st = expect_status((unsigned int)u, EVTCHNSTAT_unbound, "peer of a closed end");
	check(st.u.unbound.dom == SELF_ID, "peer of a closed end waits for dom %u",
	      st.u.unbound.dom);
	close_ok(u, "loopback remote end");
}

static void test_virq(void)
{
	long t = bind_virq(VIRQ_TIMER, 0), d = bind_virq(VIRQ_DEBUG, 0);
	long c = bind_virq(VIRQ_CONSOLE, 0);
	struct evtchn_status st;

	check(t > 0 && d > 0 && c > 0, "bind_virq TIMER/DEBUG/CONSOLE: %ld %ld %ld", t, d, c);
	expect_rc(bind_virq(VIRQ_TIMER, 0), -XEN_EEXIST, "VIRQ_TIMER bound twice");
	expect_rc(bind_virq(VIRQ_CONSOLE, 0), -XEN_EEXIST, "VIRQ_CONSOLE bound twice");
	expect_rc(bind_virq(NR_VIRQS, 0), -XEN_EINVAL, "virq NR_VIRQS");
	expect_rc(bind_virq(0xffffffffu, 0), -XEN_EINVAL, "virq -1");
	expect_rc(bind_virq(VIRQ_CONSOLE, 1), -XEN_EINVAL, "global VIRQ on vCPU 1");
	expect_rc(bind_virq(VIRQ_DEBUG, NO_SUCH_VCPU), -XEN_ENOENT, "VIRQ on vCPU 1000");
	st = expect_status((unsigned int)t, EVTCHNSTAT_virq, "VIRQ_TIMER port");
	check(st.u.virq == VIRQ_TIMER, "VIRQ_TIMER port: u.virq %u", st.u.virq);
	st = expect_status((unsigned int)c, EVTCHNSTAT_virq, "VIRQ_CONSOLE port");
	check(st.u.virq == VIRQ_CONSOLE, "VIRQ_CONSOLE port: u.virq %u", st.u.virq);
	expect_rc(evtchn_send((unsigned int)t), -XEN_EINVAL, "send on a VIRQ port");
	expect_rc(bind_vcpu((unsigned int)c, 0), 0, "bind_vcpu of a global VIRQ");
	expect_rc(bind_vcpu((unsigned int)t, 0), -XEN_EINVAL, "bind_vcpu of a per-vCPU VIRQ");
	close_ok(t, "VIRQ_TIMER");
	close_ok(d, "VIRQ_DEBUG");
	close_ok(c, "VIRQ_CONSOLE");
	t = bind_virq(VIRQ_TIMER, 0);
	check(t > 0, "VIRQ_TIMER bindable again after close: %ld", t);
	close_ok(t, "VIRQ_TIMER again");
}

static void test_ipi(void)
{
	long i = bind_ipi(0);

	check(i > 0, "bind_ipi(0): %ld", i);
	expect_rc(bind_ipi(NO_SUCH_VCPU), -XEN_ENOENT, "bind_ipi on vCPU 1000");
	expect_status((unsigned int)i, EVTCHNSTAT_ipi, "IPI port");
	expect_rc(bind_vcpu((unsigned int)i, 0), -XEN_EINVAL, "bind_vcpu of an IPI port");
	port_mask((unsigned int)i);
	port_clear_pending((unsigned int)i);
	expect_rc(evtchn_send((unsigned int)i), 0, "send on an IPI port");
	check(port_pending((unsigned int)i), "IPI send: port not pending");
	close_ok(i, "IPI");
	expect_status((unsigned int)i, EVTCHNSTAT_closed, "closed IPI port");
	expect_rc(evtchn_send((unsigned int)i), -XEN_EINVAL, "send on a closed port");
	expect_rc(evtchn_close((unsigned int)i), -XEN_EINVAL, "close of a closed port");
}

static void test_bind_vcpu(void)
{
	long u = alloc_unbound(DOMID_SELF, DOMID_SELF);

	expect_rc(bind_vcpu((unsigned int)u, 0), 0, "bind_vcpu of an unbound port to vCPU 0");
	expect_rc(bind_vcpu((unsigned int)u, NO_SUCH_VCPU), -XEN_ENOENT, "bind_vcpu to vCPU 1000");
	expect_rc(bind_vcpu(BAD_PORT, 0), -XEN_EINVAL, "bind_vcpu of port 4096");
	expect_rc(bind_vcpu(0, 0), -XEN_EINVAL, "bind_vcpu of port 0");
	close_ok(u, "bind_vcpu port");
}

static void test_invalid_ports(void)
{
	struct evtchn_status st;

	expect_rc(status(DOMID_SELF, BAD_PORT, &st), -XEN_EINVAL, "status of port 4096");
	expect_rc(status(DOMID_SELF, UNUSED_PORT, &st), -XEN_EINVAL,
		  "status of port 4095 (no channel there)");
	expect_rc(status(NO_SUCH_DOM, 1, &st), -XEN_ESRCH, "status in dom 1234");
	expect_status(0, EVTCHNSTAT_closed, "port 0 (reserved)");
	expect_rc(evtchn_close(0), -XEN_EINVAL, "close port 0");
	expect_rc(evtchn_close(BAD_PORT), -XEN_EINVAL, "close port 4096");
	expect_rc(evtchn_send(0), -XEN_EINVAL, "send port 0");
	expect_rc(evtchn_send(BAD_PORT), -XEN_EINVAL, "send port 4096");
	expect_rc(evtchn_unmask(BAD_PORT), -XEN_EINVAL, "unmask port 4096");
	expect_rc(evtchn_unmask(0), 0, "unmask port 0 (valid, nothing pending)");
	expect_rc(evtchn_op(EVTCHNOP_bind_pirq + 100, &st), -XEN_ENOSYS, "unknown sub-op");
}

/* Sent while events are masked: bits set, no upcall until events_enable(). */
static void test_upcall(void)
{
	long i = bind_ipi(0);
	unsigned int w = (unsigned int)i / 64;

	clear_all_pending();
	port_clear_mask((unsigned int)i);
	events_disable();
	expect_rc(evtchn_send((unsigned int)i), 0, "send with events masked");
	check(port_pending((unsigned int)i), "masked delivery: port not pending");
	check(vcpu0()->evtchn_pending_sel & (1UL << w), "masked delivery: selector bit %u clear",
	      w);
	check(vcpu0()->evtchn_upcall_pending == 1, "masked delivery: upcall_pending %u",
	      vcpu0()->evtchn_upcall_pending);
	check(upcall.upcalls == 0, "upcall with evtchn_upcall_mask set (%lu)", upcall.upcalls);
	events_enable();
	check(upcall.upcalls == 1 && upcall.seen[i] == 1,
	      "unmasking events: want 1 upcall for port %ld, got %lu upcalls, %u events", i,
	      upcall.upcalls, upcall.seen[i]);
	check(vcpu0()->evtchn_upcall_mask == 0, "mask after the upcall's iret: %u",
	      vcpu0()->evtchn_upcall_mask);
	expect_rc(evtchn_send((unsigned int)i), 0, "send with events enabled");
	check(upcall.upcalls == 2 && upcall.seen[i] == 2,
	      "upcall on return from send: want 2 upcalls, got %lu (%u events)", upcall.upcalls,
	      upcall.seen[i]);
	check(upcall.mask_not_set == 0, "handler ran %lu times with events unmasked",
	      upcall.mask_not_set);
	check(upcall.if_in_frame == upcall.upcalls, "frame IF (saved mask clear) in %lu of %lu",
	      upcall.if_in_frame, upcall.upcalls);
	events_disable();
	close_ok(i, "upcall IPI");
}

/* A masked port: send sets only the pending bit; EVTCHNOP_unmask raises the rest. */
static void test_unmask(void)
{
	long i = bind_ipi(0);
	unsigned int w = (unsigned int)i / 64;

	clear_all_pending();
	port_mask((unsigned int)i);
	expect_rc(evtchn_send((unsigned int)i), 0, "send on a masked port");
	check(port_pending((unsigned int)i) && !(vcpu0()->evtchn_pending_sel & (1UL << w)) &&
		      !vcpu0()->evtchn_upcall_pending,
	      "masked port: want pending only, got pending %d sel %#lx upcall_pending %u",
	      port_pending((unsigned int)i), vcpu0()->evtchn_pending_sel,
	      vcpu0()->evtchn_upcall_pending);
	expect_rc(evtchn_unmask((unsigned int)i), 0, "unmask");
	check(!port_masked((unsigned int)i), "unmask left the mask bit set");
	check((vcpu0()->evtchn_pending_sel & (1UL << w)) && vcpu0()->evtchn_upcall_pending,
	      "unmask of a pending port: want selector and upcall_pending, got %#lx %u",
	      vcpu0()->evtchn_pending_sel, vcpu0()->evtchn_upcall_pending);
	events_enable();
	check(upcall.seen[i] == 1, "unmasked event delivered %u times, want 1", upcall.seen[i]);
	events_disable();
	/* Events enabled: the upcall comes on the way back from EVTCHNOP_unmask. */
	clear_all_pending();
	port_mask((unsigned int)i);
	evtchn_send((unsigned int)i);
	events_enable();
	expect_rc(evtchn_unmask((unsigned int)i), 0, "unmask with events enabled");
	check(upcall.seen[i] == 1 && upcall.upcalls == 1,
	      "unmask with events enabled: want 1 upcall for the port, got %lu (%u events)",
	      upcall.upcalls, upcall.seen[i]);
	events_disable();
	clear_all_pending();
	port_mask((unsigned int)i);
	expect_rc(evtchn_unmask((unsigned int)i), 0, "unmask of an idle port");
	check(!vcpu0()->evtchn_upcall_pending, "unmask of an idle port raised upcall_pending");
	close_ok(i, "unmask IPI");
}

static void test_reset(void)
{
	long p[3] = {bind_ipi(0), bind_virq(VIRQ_TIMER, 0), alloc_unbound(DOMID_SELF, DOMID_SELF)};
	struct evtchn_reset r = {.dom = NO_SUCH_DOM};
	long t;

	expect_rc(evtchn_op(EVTCHNOP_reset, &r), -XEN_ESRCH, "reset of dom 1234");
	r.dom = DOMID_SELF;
	expect_rc(evtchn_op(EVTCHNOP_reset, &r), 0, "reset of DOMID_SELF");
	for (unsigned int k = 0; k < ARRAY_SIZE(p); k++)
		expect_status((unsigned int)p[k], EVTCHNSTAT_closed, "after reset");
	t = bind_virq(VIRQ_TIMER, 0);
	check(t > 0, "VIRQ_TIMER bindable after reset: %ld", t);
	r.dom = SELF_ID;
	expect_rc(evtchn_op(EVTCHNOP_reset, &r), 0, "reset by our own domain id");
	expect_status((unsigned int)t, EVTCHNSTAT_closed, "after the second reset");
}

void test_main(void)
{
	if (!events_init())
		return;
	events_disable();
	vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL); /* no timer noise */
	test_alloc_unbound();
	test_loopback();
	test_virq();
	test_ipi();
	test_bind_vcpu();
	test_invalid_ports();
	test_upcall();
	test_unmask();
	test_reset();
}
