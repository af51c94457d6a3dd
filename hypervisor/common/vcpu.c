/*
 * vcpu_op and the per-vCPU timers: the singleshot timer (also set_timer_op)
 * and the periodic timer (10 ms from the start, as in Xen, until the guest
 * stops it) raise VIRQ_TIMER; a deadline already passed fires at once, and
 * so does a periodic timer set when a period has passed since its last event. The
 * runstate area, when registered, is rewritten on every state change while
 * the vCPU's page tables are loaded. A registered vcpu_info moves the
 * vCPU's event and time state into a frame of the guest's (held writable).
 * Timers run on the CPU the vCPU was created for, with interrupts off.
 * VCPUOP_initialise loads a guest context into a vCPU that never ran;
 * up/down clear and set VPF_down, which is what is_up reports.
 */
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <xeno/subop.h>

static void singleshot_fn(void *data)
{
	send_guest_vcpu_virq(data, VIRQ_TIMER);
}

/* As Xen: an event when a period has passed since the last one, then re-arm. */
static void periodic_work(struct vcpu *v)
{
	s_time_t now = NOW(), next = v->periodic_last_event + v->periodic_period;

	if (now >= next) {
		send_guest_vcpu_virq(v, VIRQ_TIMER);
		v->periodic_last_event = now;
		next = now + v->periodic_period;
	}
	set_timer(&v->periodic_timer, next);
}

static void periodic_fn(void *data)
{
	struct vcpu *v = data;

	if (v->periodic_period)
		periodic_work(v);
}

static void set_periodic_period(struct vcpu *v, s_time_t period)
{
	stop_timer(&v->periodic_timer);
	v->periodic_period = period;
	if (period)
		periodic_work(v);
}

void vcpu_timers_init(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_fn, v, v->processor);
	init_timer(&v->periodic_timer, periodic_fn, v, v->processor);
	set_periodic_period(v, MILLISECS(10));
	v->vcpu_info_mfn = INVALID_MFN;
}

/* Record a runstate change and publish it to the guest's area if any. */
void vcpu_runstate_change(struct vcpu *v, int state)
{
	s_time_t now = NOW();

	v->runstate.time[v->runstate.state] += (u64)now - v->runstate.state_entry_time;
	v->runstate.state = state;
	v->runstate.state_entry_time = (u64)now;
	if (v->runstate_guest && v == current)
		copy_to_guest_va(v->runstate_guest, &v->runstate, sizeof(v->runstate));
}

/*
 * Xen 4.17 (since 4.17.3) ignores VCPU_SSHOTTMR_future: a deadline already
 * passed raises VIRQ_TIMER at once, never -ETIME.
 */
/* Arm the singleshot timer; a deadline already passed fires before we return. */
static void singleshot_at(struct vcpu *v, s_time_t deadline)
{
	if (deadline > NOW()) {
		set_timer(&v->singleshot_timer, deadline);
		return;
	}
	stop_timer(&v->singleshot_timer);
	send_guest_vcpu_virq(v, VIRQ_TIMER);
}

/* Only on the calling vCPU: checked before the argument is read, as Xen. */
long vcpu_op_set_singleshot_timer(struct vcpu_set_singleshot_timer *unused, struct subop_call c)
{
	XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t)
	hnd = guest_handle_cast(c.arg, vcpu_set_singleshot_timer_t);
	struct vcpu_set_singleshot_timer t;

	if (c.v != current)
		return -EINVAL;
	if (copy_from_guest(&t, hnd, 1))
		return -EFAULT;
	singleshot_at(c.v, (s_time_t)t.timeout_abs_ns);
	return 0;
}

long vcpu_op_stop_singleshot_timer(void *arg, struct subop_call c)
{
	if (c.v != current)
		return -EINVAL;
	stop_timer(&c.v->singleshot_timer);
	return 0;
}

/* Xen's limits: 1 ms up to STIME_DELTA_MAX (2^62 - 1 ns). */
long vcpu_op_set_periodic_timer(struct vcpu_set_periodic_timer *t, struct subop_call c)
{
	if (t->period_ns < (u64)MILLISECS(1) || t->period_ns > (1ULL << 62) - 1)
		return -EINVAL;
	set_periodic_period(c.v, (s_time_t)t->period_ns);
	return 0;
}

long vcpu_op_register_runstate(struct vcpu_register_runstate_memory_area *a, struct subop_call c)
{
	struct vcpu *v = c.v;

	if (a->addr.p && !guest_handle_okay(a->addr.h, 1))
		return -EFAULT; /* Xen's guest_handle_okay() */
	v->runstate_guest = a->addr.p;
	if (a->addr.p)
		vcpu_runstate_change(v, v->runstate.state);
	return 0;
}

long vcpu_op_register_vcpu_info(struct vcpu_register_vcpu_info *arg, struct subop_call c)
{
	struct vcpu_register_vcpu_info r = *arg;
	struct vcpu *v = c.v;
	struct vcpu_info *new;

	if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) || r.offset % 8)
		return -EINVAL;
	if (mfn_x(v->vcpu_info_mfn) != mfn_x(INVALID_MFN))
		return -EINVAL; /* once per vCPU, as Xen */
	if (get_domain_frame_typed(v->domain, _mfn(r.mfn), PGT_writable_page))
		return -EINVAL;
	new = (struct vcpu_info *)((u8 *)mfn_to_virt(_mfn(r.mfn)) + r.offset);
	memcpy(new, v->vcpu_info, sizeof(*new));
	v->vcpu_info = new;
	v->vcpu_info_mfn = _mfn(r.mfn);
	/* Anything pending may have been set in the old place: look again. */
	__atomic_store_n(&new->evtchn_pending_sel, ~0UL, __ATOMIC_RELEASE);
	vcpu_mark_events_pending(v);
	arch_update_vcpu_time(v);
	return 0;
}

long vcpu_op_get_runstate_info(struct vcpu_runstate_info *r, struct subop_call c)
{
	*r = c.v->runstate;
	r->time[r->state] += (u64)NOW() - r->state_entry_time;
	return 0;
}

static DEFINE_SPINLOCK(vcpu_init_lock);

/* VCPUOP_initialise: once per vCPU, before it is brought up. */
/* The context is too big for the dispatcher's buffer: copied here. */
long vcpu_op_initialise(struct vcpu_guest_context *unused, struct subop_call call)
{
	XEN_GUEST_HANDLE(vcpu_guest_context_t)
	hnd = guest_handle_cast(call.arg, vcpu_guest_context_t);
	struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
	struct vcpu *v = call.v;
	long rc;

	if (!c)
		return -ENOMEM;
	if (copy_from_guest(c, hnd, 1)) {
		xfree(c);
		return -EFAULT;
	}
	rc = vcpu_load_context(v, c);
	xfree(c);
	return rc;
}

/*
 * The one path a guest context takes into a vCPU that never ran
 * (VCPUOP_initialise, and XEN_DOMCTL_setvcpucontext's first): once per vCPU,
 * -EEXIST after that. The toolstack may reload an initialised vCPU
 * (vcpu_set_context; libxc's resume after a checkpoint does it).
 */
long vcpu_load_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	long rc;

	spin_lock(&vcpu_init_lock);
	rc = v->is_initialised ? -EEXIST : arch_set_info_guest(v, c);
	spin_unlock(&vcpu_init_lock);
	return rc;
}

long vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	long rc;

	spin_lock(&vcpu_init_lock);
	rc = v->is_initialised ? arch_reload_info_guest(v, c) : arch_set_info_guest(v, c);
	spin_unlock(&vcpu_init_lock);
	return rc;
}

long vcpu_op_up(void *arg, struct subop_call c)
{
	if (!c.v->is_initialised)
		return -EINVAL;
	vcpu_unpause_flag(c.v, VPF_down);
	return 0;
}

long vcpu_op_down(void *arg, struct subop_call c)
{
	vcpu_pause_flag(c.v, VPF_down);
	return 0;
}

long vcpu_op_is_up(void *arg, struct subop_call c)
{
	return !(__atomic_load_n(&c.v->pause_flags, __ATOMIC_ACQUIRE) & VPF_down);
}

long vcpu_op_stop_periodic_timer(void *arg, struct subop_call c)
{
	set_periodic_period(c.v, 0);
	return 0;
}

/* Sub-ops by table (xeno/hypercalls.def) on any vCPU of the caller's domain. */
long do_vcpu_op(u64 cmd, u64 vcpuid, u64 arg, u64 a4, u64 a5)
{
	struct domain *d = current->domain;
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	c.v = vcpuid < d->max_vcpus ? d->vcpu[vcpuid] : NULL;
	if (!c.v)
		return -ENOENT;
	/* cmd is an int, as Xen; time area, physid, NMI: -ENOSYS */
	return subop_dispatch(vcpu_op, (unsigned int)cmd, c);
}

/*
 * As Xen: a deadline wrapped negative or more than 2^50 ns (~13 days) ahead
 * is taken for a wrapped Linux jiffy computation and fires in 100 ms.
 */
long do_set_timer_op(u64 timeout, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct vcpu *v = current;
	s_time_t offset = (s_time_t)timeout - NOW();

	if (timeout == 0)
		stop_timer(&v->singleshot_timer);
	else if ((s_time_t)timeout < 0 || (offset > 0 && (offset >> 50) != 0))
		set_timer(&v->singleshot_timer, NOW() + MILLISECS(100));
	else
		singleshot_at(v, (s_time_t)timeout);
	return 0;
}
