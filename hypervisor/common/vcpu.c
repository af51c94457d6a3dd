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
#include <asm/pv.h>
#include <asm/pv_mm.h>

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

static long set_singleshot(struct vcpu *v, u64 arg)
{
	struct vcpu_set_singleshot_timer t;

	if (copy_from_guest_va(&t, arg, sizeof(t)))
		return -EFAULT;
	singleshot_at(v, (s_time_t)t.timeout_abs_ns);
	return 0;
}

/* Xen's limits: 1 ms up to STIME_DELTA_MAX (2^62 - 1 ns). */
static long set_periodic(struct vcpu *v, u64 arg)
{
	struct vcpu_set_periodic_timer t;

	if (copy_from_guest_va(&t, arg, sizeof(t)))
		return -EFAULT;
	if (t.period_ns < (u64)MILLISECS(1) || t.period_ns > (1ULL << 62) - 1)
		return -EINVAL;
	set_periodic_period(v, (s_time_t)t.period_ns);
	return 0;
}

static long register_runstate(struct vcpu *v, u64 arg)
{
	struct vcpu_register_runstate_memory_area a;

	if (copy_from_guest_va(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.addr.p && !guest_range_ok(a.addr.p, sizeof(v->runstate)))
		return -EFAULT; /* Xen's guest_handle_okay() */
	v->runstate_guest = a.addr.p;
	if (a.addr.p)
		vcpu_runstate_change(v, v->runstate.state);
	return 0;
}

static long register_vcpu_info(struct vcpu *v, u64 arg)
{
	struct vcpu_register_vcpu_info r;
	struct vcpu_info *new;

	if (copy_from_guest_va(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) || r.offset % 8)
		return -EINVAL;
	if (mfn_x(v->vcpu_info_mfn) != mfn_x(INVALID_MFN))
		return -EINVAL; /* once per vCPU, as Xen */
	if (pv_get_page_and_type(v->domain, _mfn(r.mfn), PGT_writable_page))
		return -EINVAL;
	new = (struct vcpu_info *)((u8 *)mfn_to_virt(_mfn(r.mfn)) + r.offset);
	memcpy(new, v->vcpu_info, sizeof(*new));
	v->vcpu_info = new;
	v->vcpu_info_mfn = _mfn(r.mfn);
	/* Anything pending may have been set in the old place: look again. */
	__atomic_store_n(&new->evtchn_pending_sel, ~0UL, __ATOMIC_RELEASE);
	vcpu_mark_events_pending(v);
	pv_update_vcpu_time(v);
	return 0;
}

static long get_runstate(struct vcpu *v, u64 arg)
{
	struct vcpu_runstate_info r = v->runstate;

	r.time[r.state] += (u64)NOW() - r.state_entry_time;
	return copy_to_guest_va(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

static DEFINE_SPINLOCK(vcpu_init_lock);

/* VCPUOP_initialise: once per vCPU, before it is brought up. */
static long vcpu_initialise(struct vcpu *v, u64 arg)
{
	struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
	long rc;

	if (!c)
		return -ENOMEM;
	if (copy_from_guest_va(c, arg, sizeof(*c))) {
		xfree(c);
		return -EFAULT;
	}
	spin_lock(&vcpu_init_lock);
	rc = v->is_initialised ? -EEXIST : pv_set_info_guest(v, c);
	spin_unlock(&vcpu_init_lock);
	xfree(c);
	return rc;
}

static long vcpu_up(struct vcpu *v)
{
	if (!v->is_initialised)
		return -EINVAL;
	vcpu_unpause_flag(v, VPF_down);
	return 0;
}

static long vcpu_down(struct vcpu *v)
{
	vcpu_pause_flag(v, VPF_down);
	return 0;
}

static long stop_periodic(struct vcpu *v)
{
	set_periodic_period(v, 0);
	return 0;
}

/* Sub-ops on any vCPU of the caller's domain. */
static long vcpu_op_any(unsigned int cmd, struct vcpu *v, u64 arg)
{
	switch (cmd) {
	case VCPUOP_initialise: return vcpu_initialise(v, arg);
	case VCPUOP_up: return vcpu_up(v);
	case VCPUOP_down: return vcpu_down(v);
	case VCPUOP_is_up: return !(__atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) & VPF_down);
	case VCPUOP_get_runstate_info: return get_runstate(v, arg);
	case VCPUOP_register_runstate_memory_area: return register_runstate(v, arg);
	case VCPUOP_register_vcpu_info: return register_vcpu_info(v, arg);
	case VCPUOP_set_periodic_timer: return set_periodic(v, arg);
	case VCPUOP_stop_periodic_timer: return stop_periodic(v);
	default: return -ENOSYS;
	}
}

long do_vcpu_op(u64 cmd, u64 vcpuid, u64 arg, u64 a4, u64 a5)
{
	struct domain *d = current->domain;
	struct vcpu *v = vcpuid < d->max_vcpus ? d->vcpu[vcpuid] : NULL;

	if (!v)
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_set_singleshot_timer: return v == current ? set_singleshot(v, arg) : -EINVAL;
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		stop_timer(&v->singleshot_timer);
		return 0;
	default:
		return vcpu_op_any((unsigned int)cmd, v, arg); /* time area, physid, NMI: -ENOSYS */
	}
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
