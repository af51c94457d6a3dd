/*
 * 2-level event ABI: a port's pending and mask bits in shared_info, one
 * selector bit per 64 ports in the notified vCPU's vcpu_info, and
 * evtchn_upcall_pending. Every domain starts here.
 *
 * Invariant: a pending, unmasked port has its selector bit set on its vCPU
 * (or the guest is about to scan it). Locking: the hooks run under
 * d->event_lock; the guest changes the same words concurrently, so every
 * update is an atomic read-modify-write.
 */
#include <xeno/errno.h>
#include <xeno/event.h>

#define BITS 64

static bool test_and_set(u64 *word, unsigned int bit)
{
	return __atomic_fetch_or(word, 1UL << bit, __ATOMIC_ACQ_REL) & (1UL << bit);
}

static bool test_bit64(const u64 *word, unsigned int bit)
{
	return __atomic_load_n(word, __ATOMIC_ACQUIRE) & (1UL << bit);
}

/* Selector bit, then (if it was clear) the upcall. */
static void mark_selector(struct vcpu *v, unsigned int port)
{
	if (v && !test_and_set(&v->vcpu_info->evtchn_pending_sel, port / BITS))
		vcpu_mark_events_pending(v);
}

static void set_pending_2l(struct domain *d, struct evtchn *chn, unsigned int port)
{
	struct shared_info *s = d->shared_info;

	if (test_and_set(&s->evtchn_pending[port / BITS], port % BITS))
		return;
	if (__atomic_load_n(&d->poll_mask, __ATOMIC_ACQUIRE))
		evtchn_check_pollers(d, port);
	if (!test_bit64(&s->evtchn_mask[port / BITS], port % BITS))
		mark_selector(d->vcpu[chn->notify_vcpu], port);
}

static void clear_pending_2l(struct domain *d, unsigned int port)
{
	__atomic_fetch_and(&d->shared_info->evtchn_pending[port / BITS], ~(1UL << (port % BITS)),
			   __ATOMIC_RELEASE);
}

/* Any valid port, even without a channel (chn NULL: vCPU 0). */
static void unmask_2l(struct domain *d, struct evtchn *chn, unsigned int port)
{
	struct shared_info *s = d->shared_info;
	u64 bit = 1UL << (port % BITS);

	if ((__atomic_fetch_and(&s->evtchn_mask[port / BITS], ~bit, __ATOMIC_ACQ_REL) & bit) &&
	    test_bit64(&s->evtchn_pending[port / BITS], port % BITS))
		mark_selector(d->vcpu[chn ? chn->notify_vcpu : 0], port);
}

static bool is_pending_2l(const struct domain *d, unsigned int port)
{
	return port < NR_EVENT_CHANNELS &&
	       test_bit64(&d->shared_info->evtchn_pending[port / BITS], port % BITS);
}

static long set_priority_2l(struct domain *d, struct evtchn *chn, unsigned int priority)
{
	return -ENOSYS; /* as Xen: no priorities in the 2-level ABI */
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
	.set_pending = set_pending_2l,
	.clear_pending = clear_pending_2l,
	.unmask = unmask_2l,
	.is_pending = is_pending_2l,
	.is_busy = NULL,
	.set_priority = set_priority_2l,
};
