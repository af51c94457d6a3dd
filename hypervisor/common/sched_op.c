/*
 * sched_op: yield, block, poll, shutdown, shutdown_code, remote_shutdown.
 *
 * Block and poll only mark the vCPU blocked (VPF_blocked) and ask for a
 * reschedule; the hypercall returns 0 and the vCPU leaves its CPU on the
 * way back to the guest. The wake-up race is closed by checking for work
 * after the flag is set: an event sent in between either sees the flag and
 * wakes the vCPU, or is seen by the check. A poller records its port
 * (poll_evtchn: the port, -1 for several) so that setting a port pending,
 * even a masked one, wakes it (evtchn_check_pollers); its timeout is
 * poll_timer. Like Xen, a poll also ends when an upcall becomes deliverable,
 * and may end early: guests re-check their condition.
 */
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <public/event_channel.h>
#include <public/sched.h>

static long sched_shutdown(struct domain *d, u64 arg, bool record_only)
{
	struct sched_shutdown s;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -EFAULT;
	/* As in Xen: the reason is a byte, and the first recorded code wins. */
	if (record_only) {
		if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
			d->shutdown_code = (u8)s.reason;
		return 0;
	}
	domain_shutdown(d, (u8)s.reason);
	return 0;
}

static long sched_remote_shutdown(struct domain *d, u64 arg)
{
	struct sched_remote_shutdown r;
	struct domain *t;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!d->is_privileged)
		return -EPERM;
	if (!(t = domain_lookup(r.domain_id)))
		return -ESRCH;
	domain_shutdown(t, (u8)r.reason);
	return 0;
}

static void poll_reset(struct vcpu *v)
{
	__atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_RELEASE);
	__atomic_and_fetch(&v->domain->poll_mask, ~(1ULL << v->vcpu_id), __ATOMIC_RELEASE);
	stop_timer(&v->poll_timer);
}

static long sched_block(struct vcpu *v)
{
	poll_reset(v);
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_RELEASE);
	vcpu_pause_flag(v, VPF_blocked);
	if (vcpu_upcall_deliverable(v))
		vcpu_wake(v);
	return 0;
}

static void poll_timeout(void *data)
{
	struct vcpu *v = data;

	if (__atomic_exchange_n(&v->poll_evtchn, 0, __ATOMIC_ACQ_REL))
		vcpu_wake(v);
}

/* Block until one of the ports is pending, an upcall is due, or timeout. */
static long sched_poll(struct vcpu *v, u64 arg)
{
	struct sched_poll sp;
	evtchn_port_t ports[128];

	/* A refused poll leaves an earlier one of this multicall (its blocked
	 * flag and timeout) alone: reset only once the arguments are good. */
	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > ARRAY_SIZE(ports))
		return -EINVAL;
	if (copy_from_guest(ports, (u64)sp.ports.p, sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	for (unsigned int i = 0; i < sp.nr_ports; i++)
		if (ports[i] >= NR_EVENT_CHANNELS)
			return -EINVAL;
	poll_reset(v);
	/* port 0 (never pending) as "several": 0 would mean "not polling" and
	 * the timeout could not end the poll */
	__atomic_store_n(&v->poll_evtchn, sp.nr_ports == 1 && ports[0] ? (int)ports[0] : -1,
			 __ATOMIC_RELEASE);
	__atomic_or_fetch(&v->domain->poll_mask, 1ULL << v->vcpu_id, __ATOMIC_SEQ_CST);
	vcpu_pause_flag(v, VPF_blocked);
	for (unsigned int i = 0; i < sp.nr_ports; i++)
		if (evtchn_port_is_pending(v->domain, ports[i]))
			goto done;
	if (vcpu_upcall_deliverable(v))
		goto done;
	if (sp.timeout)
		set_timer(&v->poll_timer, (s_time_t)sp.timeout);
	return 0;
done:
	poll_reset(v);
	vcpu_wake(v);
	return 0;
}

/* Setting port pending in d wakes vCPUs polling it (or several ports). */
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

void sched_op_init_vcpu(struct vcpu *v)
{
	init_timer(&v->poll_timer, poll_timeout, v, v->processor);
}

long do_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct vcpu *v = current;

	switch (cmd) {
	case SCHEDOP_yield: raise_schedule(v->processor); return 0;
	case SCHEDOP_block: return sched_block(v);
	case SCHEDOP_poll: return sched_poll(v, arg);
	case SCHEDOP_shutdown: return sched_shutdown(v->domain, arg, false);
	case SCHEDOP_shutdown_code: return sched_shutdown(v->domain, arg, true);
	case SCHEDOP_remote_shutdown: return sched_remote_shutdown(v->domain, arg);
	default: return -ENOSYS;
	}
}
