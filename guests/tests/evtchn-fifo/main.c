/*
 * evtchn-fifo: the FIFO event channel ABI within one domain (we are dom0).
 * Before the switch: expand_array -EOPNOTSUPP, set_priority -ENOSYS, and
 * an IPI left pending in 2-level. init_control: bad vCPU, offset out of the
 * page or misaligned, a frame we do not own, a page-table frame; then good
 * (link_bits 17), and twice for vCPU 0 (-EINVAL). expand_array: a bad
 * frame, then pages; the 2-level pending port is raised when its page
 * arrives. Delivery: IPI, VIRQ_TIMER and a loopback interdomain pair each
 * reach the right priority queue with an upcall; order by priority and
 * FIFO order within a queue (HEAD, LINK words); set_priority and its
 * errors; a masked port is only PENDING until EVTCHNOP_unmask; a closed
 * port still LINKED is not reused; poll sees FIFO pending; EVTCHNOP_reset
 * returns the domain to 2-level and lets go of the frames.
 * The consumer is ours, Linux-like: take the ready word, walk each queue
 * from its HEAD by unlinking words, handle pending unmasked ports.
 */
#include <guest_events.h>
#include <guest_mm.h>

const char test_title[] = "evtchn-fifo: FIFO event channels, one domain";

#define NO_SUCH_VCPU 1000
#define BAD_PORT 5000			    /* beyond every port table here */
#define FREE_PORT 60			    /* inside the first bucket, never bound */
#define NO_SUCH_MFN (1UL << 36)		    /* no RAM there */
#define CB_OFFSET 64			    /* the control block's place in its page */
#define WORDS (4096 / sizeof(event_word_t)) /* ports per event array page */
#define BIT(b) (1U << (b))
#define LINKED_LINK (BIT(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK)

static struct evtchn_fifo_control_block *cb;
static event_word_t *array; /* the first event array page: ports 0..1023 */
static uint32_t local_head[EVTCHN_FIFO_MAX_QUEUES];

/* What the FIFO upcall consumed, in order. */
static volatile struct {
	unsigned long upcalls;
	unsigned int n, bad;
	uint16_t port[32];
	uint8_t prio[32];
} rec;

static void rec_reset(void)
{
	memset((void *)&rec, 0, sizeof(rec));
}

static event_word_t *word(unsigned int port)
{
	return &array[port];
}

static bool word_has(unsigned int port, unsigned int bit)
{
	return __atomic_load_n(word(port), __ATOMIC_SEQ_CST) & BIT(bit);
}

/* Clear LINKED and LINK together; the old LINK. */
static uint32_t unlink_word(event_word_t *w)
{
	event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	while (!__atomic_compare_exchange_n(w, &old, old & ~LINKED_LINK, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST))
		;
	return old & EVTCHN_FIFO_LINK_MASK;
}

static void consume_one(unsigned int q, uint32_t *ready)
{
	uint32_t port =
		local_head[q] ? local_head[q] : __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
	uint32_t next;

	if (port == 0 || port >= WORDS) {
		rec.bad++;
		*ready &= ~BIT(q);
		return;
	}
	next = unlink_word(word(port));
	if (!next)
		*ready &= ~BIT(q);
	if (word_has(port, EVTCHN_FIFO_PENDING) && !word_has(port, EVTCHN_FIFO_MASKED)) {
		__atomic_fetch_and(word(port), ~BIT(EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
		if (rec.n < ARRAY_SIZE(rec.port)) {
			rec.port[rec.n] = (uint16_t)port;
			rec.prio[rec.n++] = (uint8_t)q;
		}
	}
	local_head[q] = next;
}

static bool on_fifo_event(struct cpu_regs *regs __attribute__((unused)))
{
	uint32_t ready;

	rec.upcalls++;
	vcpu0()->evtchn_upcall_pending = 0;
	ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		consume_one((unsigned int)__builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	}
	return true;
}

/* Let a pending upcall in, then mask events again. */
static void deliver(void)
{
	events_enable();
	events_disable();
}

static void expect_rc(long rc, long want, const char *what)
{
	check(rc == want, "%s: want %ld, got %ld", what, want, rc);
}

/* The upcall consumed exactly `port` at priority prio (and nothing else). */
static void expect_one(long port, unsigned int prio, const char *what)
{
	check(rec.upcalls == 1 && rec.n == 1 && rec.port[0] == port && rec.prio[0] == prio &&
		      !rec.bad,
	      "%s: want 1 upcall with port %ld at priority %u, got %lu upcalls, %u events "
	      "(first %u at %u), %u bad heads",
	      what, port, prio, rec.upcalls, rec.n, rec.port[0], rec.prio[0], rec.bad);
	rec_reset();
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu, uint8_t *link_bits)
{
	struct evtchn_init_control ic = {.control_gfn = gfn, .offset = offset, .vcpu = vcpu};
	long rc = evtchn_op(EVTCHNOP_init_control, &ic);

	if (link_bits)
		*link_bits = ic.link_bits;
	return rc;
}

static long expand_array(uint64_t gfn)
{
	struct evtchn_expand_array ea = {.array_gfn = gfn};

	return evtchn_op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(unsigned int port, unsigned int prio)
{
	struct evtchn_set_priority sp = {.port = port, .priority = prio};

	return evtchn_op(EVTCHNOP_set_priority, &sp);
}

static long bind_interdomain_self(unsigned int remote_port)
{
	struct evtchn_bind_interdomain b = {.remote_dom = DOMID_SELF, .remote_port = remote_port};
	long rc = evtchn_op(EVTCHNOP_bind_interdomain, &b);

	return rc ? rc : (long)b.local_port;
}

static void close_ok(long port, const char *what)
{
	check(port > 0 && evtchn_close((unsigned int)port) == 0, "%s: close port %ld failed", what,
	      port);
}

static long reset_self(void)
{
	struct evtchn_reset r = {.dom = DOMID_SELF};

	return evtchn_op(EVTCHNOP_reset, &r);
}

/* Still 2-level: the FIFO sub-ops that need FIFO refuse. Returns a pending IPI port. */
static long test_before_switch(void)
{
	long early = bind_ipi(0);

	check(early > 0, "bind_ipi: %ld", early);
	expect_rc(expand_array(virt_to_mfn(array)), -XEN_EOPNOTSUPP, "expand_array in 2-level");
	expect_rc(set_priority((unsigned int)early, 3), -XEN_ENOSYS, "set_priority in 2-level");
	expect_rc(set_priority(BAD_PORT, 3), -XEN_EINVAL, "set_priority of port 5000 in 2-level");
	expect_rc(evtchn_send((unsigned int)early), 0, "send in 2-level");
	check(port_pending((unsigned int)early), "2-level send left the port not pending");
	return early;
}

static void test_init_control(void)
{
	uint64_t cb_mfn = virt_to_mfn(cb), l4_mfn = virt_to_mfn(pt_entry_of((unsigned long)cb, 4));
	uint8_t bits = 0;

	expect_rc(init_control(cb_mfn, CB_OFFSET, NO_SUCH_VCPU, NULL), -XEN_ENOENT,
		  "init_control for vCPU 1000");
	expect_rc(init_control(cb_mfn, 4096 - 64, 0, NULL), -XEN_EINVAL,
		  "init_control with the block crossing the page end");
	expect_rc(init_control(cb_mfn, 12, 0, NULL), -XEN_EINVAL, "init_control at offset 12");
	expect_rc(init_control(NO_SUCH_MFN, CB_OFFSET, 0, NULL), -XEN_EINVAL,
		  "init_control on a frame we do not own");
	expect_rc(init_control(l4_mfn, CB_OFFSET, 0, NULL), -XEN_EINVAL,
		  "init_control on our L4 page table");
	expect_rc(expand_array(virt_to_mfn(array)), -XEN_EOPNOTSUPP,
		  "expand_array after failed init_controls (still 2-level)");
	expect_rc(init_control(cb_mfn, CB_OFFSET, 0, &bits), 0, "init_control for vCPU 0");
	check(bits == EVTCHN_FIFO_LINK_BITS, "link_bits: want 17, got %u", bits);
	expect_rc(init_control(cb_mfn, CB_OFFSET, 0, NULL), -XEN_EINVAL,
		  "init_control twice for vCPU 0");
	expect_rc(init_control(virt_to_mfn(array), 0, 0, NULL), -XEN_EINVAL,
		  "init_control twice for vCPU 0, another frame");
}

/* The port pending in 2-level is raised when the page holding its word arrives. */
static void test_expand_array(long early)
{
	check(cb->ready == 0, "ready bits before any event array page: %#x", cb->ready);
	expect_rc(expand_array(NO_SUCH_MFN), -XEN_EINVAL, "expand_array with a bad frame");
	expect_rc(expand_array(virt_to_mfn(array)), 0, "expand_array, first page");
	check(cb->ready == BIT(EVTCHN_FIFO_PRIORITY_DEFAULT) && cb->head[7] == early,
	      "carried-over port %ld: want ready bit 7 and head[7] = it, got ready %#x head %u",
	      early, cb->ready, cb->head[7]);
	check(word_has((unsigned int)early, EVTCHN_FIFO_PENDING) &&
		      word_has((unsigned int)early, EVTCHN_FIFO_LINKED),
	      "carried-over port: word %#x", *word((unsigned int)early));
	deliver();
	expect_one(early, EVTCHN_FIFO_PRIORITY_DEFAULT, "carried-over 2-level event");
	expect_rc(expand_array(virt_to_mfn(alloc_page())), 0, "expand_array, second page");
	close_ok(early, "carried-over port");
}

static void test_ipi_priority(void)
{
	long p = bind_ipi(0);

	expect_rc(evtchn_send((unsigned int)p), 0, "send IPI");
	deliver();
	expect_one(p, EVTCHN_FIFO_PRIORITY_DEFAULT, "IPI at the default priority");
	expect_rc(set_priority((unsigned int)p, 3), 0, "set_priority 3");
	expect_rc(evtchn_send((unsigned int)p), 0, "send IPI again");
	deliver();
	expect_one(p, 3, "IPI after set_priority 3");
	expect_rc(set_priority((unsigned int)p, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL,
		  "set_priority 16");
	expect_rc(set_priority(FREE_PORT, 3), -XEN_EACCES, "set_priority of a free port");
	expect_rc(set_priority(0, 3), -XEN_EACCES, "set_priority of port 0");
	expect_rc(set_priority(BAD_PORT, 3), -XEN_EINVAL, "set_priority of port 5000");
	expect_rc(evtchn_send(BAD_PORT), -XEN_EINVAL, "send to port 5000");
	expect_rc(evtchn_unmask(BAD_PORT), -XEN_EINVAL, "unmask port 5000");
	close_ok(p, "IPI");
}

/* Queued while events are masked: HEADs, LINKs, then consumed by priority. */
static void test_order(void)
{
	long a = bind_ipi(0), b = bind_ipi(0), c[3] = {bind_ipi(0), bind_ipi(0), bind_ipi(0)};
	const long want[] = {b, c[0], c[1], c[2], a};
	const unsigned int want_prio[] = {2, 7, 7, 7, 10};

	expect_rc(set_priority((unsigned int)a, 10), 0, "set_priority 10");
	expect_rc(set_priority((unsigned int)b, 2), 0, "set_priority 2");
	evtchn_send((unsigned int)a);
	for (unsigned int i = 0; i < 3; i++)
		evtchn_send((unsigned int)c[i]);
	evtchn_send((unsigned int)b);
	check(rec.upcalls == 0, "upcall with events masked");
	check(cb->ready == (BIT(2) | BIT(7) | BIT(10)), "ready: want bits 2, 7, 10, got %#x",
	      cb->ready);
	check(cb->head[2] == b && cb->head[7] == c[0] && cb->head[10] == a,
	      "heads: want %ld %ld %ld, got %u %u %u", b, c[0], a, cb->head[2], cb->head[7],
	      cb->head[10]);
	check((*word((unsigned int)c[0]) & LINKED_LINK) == (BIT(EVTCHN_FIFO_LINKED) | c[1]) &&
		      (*word((unsigned int)c[1]) & LINKED_LINK) ==
			      (BIT(EVTCHN_FIFO_LINKED) | c[2]) &&
		      (*word((unsigned int)c[2]) & LINKED_LINK) == BIT(EVTCHN_FIFO_LINKED),
	      "queue 7 links: words %#x %#x %#x", *word((unsigned int)c[0]),
	      *word((unsigned int)c[1]), *word((unsigned int)c[2]));
	deliver();
	check(rec.upcalls == 1 && rec.n == 5, "order: want 1 upcall, 5 events; got %lu, %u",
	      rec.upcalls, rec.n);
	for (unsigned int i = 0; i < 5 && i < rec.n; i++)
		check(rec.port[i] == want[i] && rec.prio[i] == want_prio[i],
		      "event %u: want port %ld at %u, got %u at %u", i, want[i], want_prio[i],
		      rec.port[i], rec.prio[i]);
	rec_reset();
	close_ok(a, "order a");
	close_ok(b, "order b");
	for (unsigned int i = 0; i < 3; i++)
		close_ok(c[i], "order c");
}

/* A masked port is only PENDING; EVTCHNOP_unmask links it and notifies. */
static void test_mask(void)
{
	long m = bind_ipi(0);

	__atomic_fetch_or(word((unsigned int)m), BIT(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
	expect_rc(evtchn_send((unsigned int)m), 0, "send to a masked port");
	check(word_has((unsigned int)m, EVTCHN_FIFO_PENDING) &&
		      !word_has((unsigned int)m, EVTCHN_FIFO_LINKED) && cb->ready == 0,
	      "masked port: want PENDING only, got word %#x ready %#x", *word((unsigned int)m),
	      cb->ready);
	deliver();
	check(rec.upcalls == 0 && rec.n == 0, "masked port: %lu upcalls, %u events", rec.upcalls,
	      rec.n);
	expect_rc(evtchn_unmask((unsigned int)m), 0, "EVTCHNOP_unmask");
	check(!word_has((unsigned int)m, EVTCHN_FIFO_MASKED) &&
		      word_has((unsigned int)m, EVTCHN_FIFO_LINKED),
	      "after unmask: word %#x", *word((unsigned int)m));
	deliver();
	expect_one(m, EVTCHN_FIFO_PRIORITY_DEFAULT, "unmasked port");
	close_ok(m, "masked IPI");
}

/* Closed while LINKED: PENDING goes, the port is busy until the guest unlinks it. */
static void test_busy_port(void)
{
	long p = bind_ipi(0), q;

	evtchn_send((unsigned int)p);
	close_ok(p, "linked port");
	check(!word_has((unsigned int)p, EVTCHN_FIFO_PENDING) &&
		      word_has((unsigned int)p, EVTCHN_FIFO_LINKED),
	      "closed linked port: want LINKED, not PENDING, got %#x", *word((unsigned int)p));
	q = bind_ipi(0);
	check(q > 0 && q != p, "a LINKED port was reused (%ld)", q);
	deliver();
	check(rec.upcalls == 1 && rec.n == 0, "closed port: want 1 upcall, no event; got %lu, %u",
	      rec.upcalls, rec.n);
	rec_reset();
	close_ok(q, "second IPI");
}

static void test_virq_timer(void)
{
	long t = bind_virq(VIRQ_TIMER, 0);
	uint64_t end = system_time() + 1000000000UL;

	check(t > 0, "bind_virq TIMER: %ld", t);
	expect_rc(HC(set_timer_op, system_time() + 1000000, 0, 0), 0, "set_timer_op");
	events_enable();
	while (!rec.n && system_time() < end)
		;
	events_disable();
	expect_one(t, EVTCHN_FIFO_PRIORITY_DEFAULT, "VIRQ_TIMER");
	close_ok(t, "VIRQ_TIMER");
}

static void test_loopback(void)
{
	long u = alloc_unbound(DOMID_SELF, DOMID_SELF), l = bind_interdomain_self((unsigned int)u);

	check(u > 0 && l > 0, "loopback pair: %ld %ld", u, l);
	deliver();
	expect_one(l, EVTCHN_FIFO_PRIORITY_DEFAULT, "fresh interdomain port starts pending");
	expect_rc(set_priority((unsigned int)u, 1), 0, "set_priority of the remote end");
	evtchn_send((unsigned int)l);
	deliver();
	expect_one(u, 1, "send l -> u");
	evtchn_send((unsigned int)u);
	deliver();
	expect_one(l, EVTCHN_FIFO_PRIORITY_DEFAULT, "send u -> l");
	close_ok(l, "loopback l");
	close_ok(u, "loopback u");
}

/* SCHEDOP_poll answers at once for a FIFO-pending (masked) port. */
static void test_poll(void)
{
	long p = bind_ipi(0);
	evtchn_port_t port = (evtchn_port_t)p;
	uint64_t start;

	__atomic_fetch_or(word(port), BIT(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
	evtchn_send(port);
	start = system_time();
	expect_rc(poll_ports(&port, 1, start + 2000000000UL), 0, "poll a pending port");
	check(system_time() - start < 1000000000UL, "poll of a pending port blocked");
	close_ok(p, "polled IPI");
}

static void test_reset(trap_hook_fn runtime_hook)
{
	long p;

	expect_rc(reset_self(), 0, "EVTCHNOP_reset");
	trap_hook[VEC_EVENT] = runtime_hook;
	expect_rc(expand_array(virt_to_mfn(array)), -XEN_EOPNOTSUPP,
		  "expand_array after reset (2-level again)");
	p = bind_ipi(0);
	memset(shared->evtchn_pending, 0, sizeof(shared->evtchn_pending));
	expect_rc(evtchn_send((unsigned int)p), 0, "send after reset");
	check(port_pending((unsigned int)p), "2-level pending bit after reset");
	expect_rc(init_control(virt_to_mfn(cb), CB_OFFSET, 0, NULL), 0,
		  "init_control again after reset");
	expect_rc(reset_self(), 0, "second EVTCHNOP_reset");
}

void test_main(void)
{
	trap_hook_fn runtime_hook;
	long early;

	if (!events_init())
		return;
	events_disable();
	vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL); /* no timer noise */
	cb = (void *)((char *)alloc_page() + CB_OFFSET);
	array = alloc_page();
	runtime_hook = trap_hook[VEC_EVENT];
	trap_hook[VEC_EVENT] = on_fifo_event;
	early = test_before_switch();
	test_init_control();
	test_expand_array(early);
	test_ipi_priority();
	test_order();
	test_mask();
	test_busy_port();
	test_virq_timer();
	test_loopback();
	test_poll();
	test_reset(runtime_hook);
}
