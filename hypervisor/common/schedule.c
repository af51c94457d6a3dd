/*
 * sched_op. Until the scheduler exists (issue 5) each vCPU owns its CPU:
 * yield returns at once; block and poll halt the CPU until the condition
 * holds (an event pending; one of the polled ports pending or the timeout),
 * re-checked with interrupts off after every wake-up.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/event.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <asm/processor.h>

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

/* Halt until cond(v) or a wake-up interrupt; interrupts off on return. */
static void block_until(struct vcpu *v, bool (*cond)(struct vcpu *v, const void *arg),
			const void *arg)
{
	vcpu_runstate_change(v, RUNSTATE_blocked);
	v->is_blocked = true;
	local_irq_disable();
	while (!cond(v, arg)) {
		safe_halt(); /* sti; hlt: an interrupt that wakes us is not lost */
		local_irq_disable();
	}
	v->is_blocked = false;
	pv_update_vcpu_time(v);
	vcpu_runstate_change(v, RUNSTATE_running);
}

static bool upcall_pending(struct vcpu *v, const void *arg)
{
	return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_ACQUIRE);
}

/* Block: enable event delivery, then sleep until an event is pending. */
static long sched_block(struct vcpu *v)
{
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_RELEASE);
	block_until(v, upcall_pending, NULL);
	return 0;
}

struct poll_args {
	evtchn_port_t ports[128];
	unsigned int nr;
	bool timed_out;
};

static bool poll_done(struct vcpu *v, const void *arg)
{
	const struct poll_args *p = arg;

	for (unsigned int i = 0; i < p->nr; i++)
		if (evtchn_port_is_pending(v->domain, p->ports[i]))
			return true;
	return p->timed_out;
}

static void poll_timeout(void *data)
{
	((struct poll_args *)data)->timed_out = true;
}

/* Poll: sleep until one of the ports is pending or the timeout passes. */
static long sched_poll(struct vcpu *v, u64 arg)
{
	struct sched_poll sp;
	struct poll_args p = {.nr = 0};
	struct timer t;

	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > ARRAY_SIZE(p.ports))
		return -EINVAL;
	if (copy_from_guest(p.ports, (u64)sp.ports.p, sp.nr_ports * sizeof(p.ports[0])))
		return -EFAULT;
	p.nr = sp.nr_ports;
	for (unsigned int i = 0; i < p.nr; i++)
		if (p.ports[i] >= NR_EVENT_CHANNELS)
			return -EINVAL;
	init_timer(&t, poll_timeout, &p, v->processor);
	if (sp.timeout)
		set_timer(&t, (s_time_t)sp.timeout);
	block_until(v, poll_done, &p);
	stop_timer(&t);
	return 0;
}

long do_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case SCHEDOP_yield: return 0;
	case SCHEDOP_block: return sched_block(current);
	case SCHEDOP_poll: return sched_poll(current, arg);
	case SCHEDOP_shutdown: return sched_shutdown(d, arg, false);
	case SCHEDOP_shutdown_code: return sched_shutdown(d, arg, true);
	default: return -ENOSYS;
	}
}
