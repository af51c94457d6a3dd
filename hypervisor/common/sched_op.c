/*
 * sched_op: yield, block, poll, shutdown, shutdown_code, remote_shutdown.
 *
 * Block and poll only mark the vCPU blocked (VPF_blocked) and ask for a
 * reschedule; the hypercall returns 0 and the vCPU leaves its CPU on the
 * way back to the guest. The wake-up race is closed by checking for work
 * after the flag is set: an event sent in between either sees the flag and
 * wakes the vCPU, or is seen by the check. Polling itself (which ports,
 * the wake-ups, the timeout) is event-channel code: common/event_poll.c.
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
	long rc;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!(t = domain_target(r.domain_id, TARGET_PRIV, &rc)))
		return rc; /* as Xen: -ESRCH before -EPERM */
	domain_shutdown(t, (u8)r.reason);
	return 0;
}

static long sched_block(struct vcpu *v)
{
	evtchn_poll_reset(v);
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_RELEASE);
	vcpu_pause_flag(v, VPF_blocked);
	if (vcpu_upcall_deliverable(v))
		vcpu_wake(v);
	return 0;
}

/* Block until one of the ports is pending, an upcall is due, or timeout. */
static long sched_poll(struct vcpu *v, u64 arg)
{
	struct sched_poll sp;
	evtchn_port_t ports[128];

	evtchn_poll_reset(v);
	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > ARRAY_SIZE(ports))
		return -EINVAL;
	if (copy_from_guest(ports, (u64)sp.ports.p, sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	for (unsigned int i = 0; i < sp.nr_ports; i++)
		if (ports[i] >= NR_EVENT_CHANNELS)
			return -EINVAL;
	return evtchn_poll(v, ports, sp.nr_ports, (s_time_t)sp.timeout);
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
