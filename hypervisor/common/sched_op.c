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
#include <xeno/subop.h>
#include <public/event_channel.h>
#include <public/sched.h>

/* As in Xen: the reason is a byte. */
long sched_op_shutdown(struct sched_shutdown *s, struct subop_call c)
{
	domain_shutdown(current->domain, (u8)s->reason);
	return 0;
}

/* Record only: the first recorded code wins. */
long sched_op_shutdown_code(struct sched_shutdown *s, struct subop_call c)
{
	struct domain *d = current->domain;

	if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
		d->shutdown_code = (u8)s->reason;
	return 0;
}

long sched_op_remote_shutdown(struct sched_remote_shutdown *r, struct subop_call c)
{
	struct domain *t;
	long rc;

	if (!(t = domain_target(r->domain_id, TARGET_PRIV, &rc)))
		return rc; /* as Xen: -ESRCH before -EPERM */
	domain_shutdown(t, (u8)r->reason);
	return 0;
}

long sched_op_yield(void *arg, struct subop_call c)
{
	sched_yield();
	return 0;
}

long sched_op_block(void *arg, struct subop_call c)
{
	struct vcpu *v = current;

	evtchn_poll_reset(v);
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_RELEASE);
	vcpu_pause_flag(v, VPF_blocked);
	if (vcpu_upcall_deliverable(v))
		vcpu_wake(v);
	return 0;
}

/*
 * Block until one of the ports is pending, an upcall is due, or timeout.
 * A refused poll leaves an earlier one of the same multicall (its blocked
 * flag and timeout) alone: the old poll ends only once the arguments are
 * good (hcfuzz seed 0xb).
 */
long sched_op_poll(struct sched_poll *unused, struct subop_call c)
{
	XEN_GUEST_HANDLE(sched_poll_t) hnd = guest_handle_cast(c.arg, sched_poll_t);
	struct vcpu *v = current;
	struct sched_poll sp;
	evtchn_port_t ports[128];

	if (copy_from_guest(&sp, hnd, 1))
		return -EFAULT;
	if (sp.nr_ports > ARRAY_SIZE(ports))
		return -EINVAL;
	if (copy_from_guest(ports, sp.ports, sp.nr_ports))
		return -EFAULT;
	for (unsigned int i = 0; i < sp.nr_ports; i++)
		if (ports[i] >= NR_EVENT_CHANNELS)
			return -EINVAL;
	evtchn_poll_reset(v);
	return evtchn_poll(v, ports, sp.nr_ports, (s_time_t)sp.timeout);
}

/* Sub-ops by table (xeno/hypercalls.def). */
long do_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	return subop_dispatch(sched_op, cmd, c);
}
