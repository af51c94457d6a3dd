/*
 * Two domains (xeno only: boot-time domUs): dom0 and a domU ("role=peer")
 * ping-pong over an interdomain event channel. The domU offers an unbound
 * port for dom0; dom0 finds it with EVTCHNOP_status on the domU (a
 * privileged query) and binds it. 100 round trips, each side polling its
 * masked port. The domU also checks what it may not do: query or allocate
 * in dom0, bind a port not offered to it, remote_shutdown. Then it shuts
 * down and dom0 must get VIRQ_DOM_EXC.
 */
#include <guest.h>
#include <guest_events.h>

const char test_title[] = "interdomain: event-channel ping-pong between two domains";

#define ROUNDS 100
#define PEER 1
#define SECOND (1000000000UL)

static void peer_refusals(void)
{
	struct evtchn_status st = {.dom = 0, .port = 1};
	struct evtchn_bind_interdomain b = {.remote_dom = 0, .remote_port = 1};
	struct sched_remote_shutdown rs = {.domain_id = 0, .reason = SHUTDOWN_poweroff};

	check_eq(evtchn_op(EVTCHNOP_status, &st), -XEN_EPERM, "status of dom0's port");
	check_eq(alloc_unbound(0, PEER), -XEN_EPERM, "alloc_unbound in dom0");
	check_eq(evtchn_op(EVTCHNOP_bind_interdomain, &b), -XEN_EINVAL,
		 "bind to a dom0 port not offered");
	check_eq(hc_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM, "remote_shutdown of dom0");
}

static void run_peer(void)
{
	long port = alloc_unbound(DOMID_SELF, 0);
	struct evtchn_status st;

	peer_refusals();
	if (port < 0) {
		error("alloc_unbound for dom0: %ld", port);
		return;
	}
	port_mask((unsigned int)port);
	for (int i = 0; i < ROUNDS; i++) {
		if (!wait_port((evtchn_port_t)port, 10 * SECOND)) {
			fail("ping %d never came", i);
			return;
		}
		check_eq(evtchn_send((unsigned int)port), 0, "pong");
	}
	st = (struct evtchn_status){.dom = DOMID_SELF, .port = (evtchn_port_t)port};
	check_eq(evtchn_op(EVTCHNOP_status, &st), 0, "status");
	check_eq(st.status, EVTCHNSTAT_interdomain, "status: interdomain");
	check_eq(st.u.interdomain.dom, 0, "status: remote dom");
}

static void run_dom0(void)
{
	long virq = bind_virq(VIRQ_DOM_EXC, 0), remote = find_offered_port(PEER);
	struct evtchn_bind_interdomain b = {.remote_dom = PEER};
	uint64_t t0, c0;

	if (virq < 0 || remote < 0) {
		error("no VIRQ_DOM_EXC (%ld) or no offer from d1 (%ld)", virq, remote);
		return;
	}
	port_mask((unsigned int)virq);
	b.remote_port = (evtchn_port_t)remote;
	check_eq(evtchn_op(EVTCHNOP_bind_interdomain, &b), 0, "bind_interdomain to d1");
	check_eq(evtchn_op(EVTCHNOP_bind_interdomain, &b), -XEN_EINVAL, "bind the same port twice");
	port_mask(b.local_port);
	port_clear_pending(b.local_port); /* a fresh binding starts pending */
	t0 = system_time();
	c0 = rdtsc();
	for (int i = 0; i < ROUNDS; i++) {
		check_eq(evtchn_send(b.local_port), 0, "ping");
		if (!wait_port(b.local_port, 10 * SECOND)) {
			fail("pong %d never came", i);
			return;
		}
	}
	c0 = (rdtsc() - c0) / ROUNDS;
	printf("%d round trips, %lu ns each\n", ROUNDS,
	       (unsigned long)((system_time() - t0) / ROUNDS));
	/* For bench/run.py: one round trip, and half of it (send, switch, wake). */
	printf("BENCH interdomain_event_rtt %lu cycles\n", (unsigned long)c0);
	printf("BENCH domain_switch %lu cycles\n", (unsigned long)c0 / 2);
	check(wait_port((evtchn_port_t)virq, 10 * SECOND), "VIRQ_DOM_EXC when d1 shut down");
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
