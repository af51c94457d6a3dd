/*
 * Polling event channels (SCHEDOP_poll's core): a vCPU blocks until one of
 * a set of ports is pending, an upcall becomes deliverable, or a timeout.
 *
 * A poller records its port in v->poll_evtchn (the port, -1 for several,
 * 0 for none) and its bit in d->poll_mask (a superset of the pollers, for
 * wake-ups); setting a port pending, even a masked one, wakes it
 * (evtchn_check_pollers). Whoever clears poll_evtchn (an exchange or
 * compare-exchange) wakes the vCPU, so a wake-up happens once. The race
 * with an event sent while the poll starts is closed by checking the ports
 * after the vCPU is marked blocked. Like Xen, a poll may end early: guests
 * re-check their condition. No locks: atomics on those two fields.
 */
#include <xeno/event.h>
#include <xeno/sched.h>

void evtchn_poll_reset(struct vcpu *v)
{
	__atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_RELEASE);
	__atomic_and_fetch(&v->domain->poll_mask, ~(1ULL << v->vcpu_id), __ATOMIC_RELEASE);
	stop_timer(&v->poll_timer);
}

static void poll_timeout(void *data)
{
	struct vcpu *v = data;

	if (__atomic_exchange_n(&v->poll_evtchn, 0, __ATOMIC_ACQ_REL))
		vcpu_wake(v);
}

void evtchn_poll_init_vcpu(struct vcpu *v)
{
	init_timer(&v->poll_timer, poll_timeout, v, v->processor);
}

long evtchn_poll(struct vcpu *v, const evtchn_port_t *ports, unsigned int nr, s_time_t timeout)
{
	/* port 0 (never pending) as "several": 0 would mean "not polling" and
	 * the timeout could not end the poll (hcfuzz seed 0x2) */
	__atomic_store_n(&v->poll_evtchn, nr == 1 && ports[0] ? (int)ports[0] : -1,
			 __ATOMIC_RELEASE);
	__atomic_or_fetch(&v->domain->poll_mask, 1ULL << v->vcpu_id, __ATOMIC_SEQ_CST);
	vcpu_pause_flag(v, VPF_blocked);
	for (unsigned int i = 0; i < nr; i++)
		if (evtchn_port_is_pending(v->domain, ports[i]))
			goto done;
	if (vcpu_upcall_deliverable(v))
		goto done;
	if (timeout)
		set_timer(&v->poll_timer, timeout);
	return 0;
done:
	evtchn_poll_reset(v);
	vcpu_wake(v);
	return 0;
}

void evtchn_check_pollers(struct domain *d, unsigned int port)
{
	for (u64 m = __atomic_load_n(&d->poll_mask, __ATOMIC_ACQUIRE); m; m &= m - 1) {
		struct vcpu *v = d->vcpu[__builtin_ctzll(m)];
		int want;

		if (!v || !(want = __atomic_load_n(&v->poll_evtchn, __ATOMIC_ACQUIRE)))
			continue;
		if ((want == -1 || want == (int)port) &&
		    __atomic_compare_exchange_n(&v->poll_evtchn, &want, 0, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			vcpu_wake(v);
	}
}
