/*
 * event_channel_op: the port table (see xeno/event.h for the data model
 * and locking). A privileged domain may name another domain (alloc_unbound,
 * status, reset; domain_target() says in which order Xen checks).
 * Interdomain ports are bound and closed with both
 * domains' locks (domain-id order); a send takes only one lock at a time
 * and re-checks the remote end. Every sub-op is a row of the hypercall's
 * table (xeno/hypercalls.def): the dispatcher copies its argument in, the
 * handler validates it and changes the port table under the domain's
 * event lock, and the dispatcher copies results out. Pending/mask state
 * goes through the domain's ABI hooks (evtchn_ops(d): event_2l.c, or
 * event_fifo.c after init_control).
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <xeno/trace.h>
#include <public/event_channel.h>

/*
 * Ports live in buckets of EVTCHN_BUCKET, made on first need, kept until the domain is freed:
 * bucket 0 in struct domain (what most domUs use), the others in a directory made with the
 * second. Readers without the event lock see a bucket or directory only once it is whole.
 */
static struct evtchn *bucket(const struct domain *d, unsigned int b)
{
	struct evtchn **more;

	if (b == 0)
		return __atomic_load_n(&d->evtchn0, __ATOMIC_ACQUIRE);
	more = __atomic_load_n(&d->evtchn_more, __ATOMIC_ACQUIRE);
	return more ? __atomic_load_n(&more[b], __ATOMIC_ACQUIRE) : NULL;
}

/* Bucket b, made if needed; d->event_lock held. NULL if out of memory. */
static struct evtchn *bucket_make(struct domain *d, unsigned int b)
{
	struct evtchn **more = d->evtchn_more, **slot, *chn;

	ASSERT(spin_is_locked(&d->event_lock));
	if (b && !more && (more = xzalloc_array(struct evtchn *, EVTCHN_BUCKETS)))
		__atomic_store_n(&d->evtchn_more, more, __ATOMIC_RELEASE);
	if (b && !more)
		return NULL;
	slot = b ? &more[b] : &d->evtchn0;
	if (!*slot && (chn = xzalloc_array(struct evtchn, EVTCHN_BUCKET)))
		__atomic_store_n(slot, chn, __ATOMIC_RELEASE);
	return *slot;
}

static struct evtchn *port_entry(struct domain *d, unsigned int port)
{
	struct evtchn *b;

	if (port - 1 < EVTCHN_BUCKET - 1) /* 1-63, the common case: one test */
		b = __atomic_load_n(&d->evtchn0, __ATOMIC_ACQUIRE);
	else if (port && port < NR_EVENT_CHANNELS)
		b = bucket(d, port / EVTCHN_BUCKET);
	else
		return NULL;
	return b ? &b[port % EVTCHN_BUCKET] : NULL;
}

struct evtchn *evtchn_port_entry(struct domain *d, unsigned int port)
{
	return port_entry(d, port);
}

/*
 * Xen's port_is_valid(): a port inside an allocated bucket (bucket 0, with
 * the reserved port 0, exists from the start in Xen). A valid port may
 * still have no entry here (port 0, or bucket 0 not yet allocated): it is
 * closed. status and unmask accept valid ports; the other ops need a channel.
 */
static bool port_is_valid(struct domain *d, unsigned int port)
{
	return port < EVTCHN_BUCKET ||
	       (port < NR_EVENT_CHANNELS && bucket(d, port / EVTCHN_BUCKET));
}

static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
	       virq != VIRQ_XENPMU;
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_RELEASE);
	if (v != current) /* the current vCPU takes it on its way back to the guest */
		vcpu_kick(v);
}

/* Raise port (a bound channel) by d's ABI; d->event_lock held. */
static inline __attribute__((always_inline)) void set_pending(struct domain *d, struct evtchn *chn,
							      unsigned int port)
{
	ASSERT(spin_is_locked(&d->event_lock));
	TRACE(TRC_EVTCHN_SEND, d->domain_id, port);
	evtchn_ops(d)->set_pending(d, chn, port);
}

size_t evtchn_hv_bytes(const struct domain *d)
{
	size_t n = 0;

	for (unsigned int b = 0; b < EVTCHN_BUCKETS; b++)
		if (bucket(d, b))
			n += xmalloc_footprint(EVTCHN_BUCKET * sizeof(struct evtchn));
	if (d->evtchn_more)
		n += xmalloc_footprint(EVTCHN_BUCKETS * sizeof(d->evtchn_more[0]));
	return n + evtchn_fifo_hv_bytes(d);
}

bool evtchn_port_is_pending(struct domain *d, unsigned int port)
{
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	bool pending = port < NR_EVENT_CHANNELS && evtchn_ops(d)->is_pending(d, port);

	spin_unlock_irqrestore(&d->event_lock, flags);
	return pending;
}

/* FIFO: a closed port still LINKED cannot be reused until the guest unlinks it. */
static bool port_is_busy(const struct domain *d, unsigned int port)
{
	const struct evtchn_port_ops *ops = evtchn_ops(d);

	return ops->is_busy && ops->is_busy(d, port);
}

/* A free port (a new bucket if needed); d->event_lock held. 0 if none. */
static unsigned int alloc_port(struct domain *d)
{
	ASSERT(spin_is_locked(&d->event_lock));
	for (unsigned int port = 1; port < NR_EVENT_CHANNELS; port++) {
		struct evtchn *b = bucket_make(d, port / EVTCHN_BUCKET);

		if (!b)
			return 0;
		if (b[port % EVTCHN_BUCKET].state == ECS_FREE && !port_is_busy(d, port)) {
			b[port % EVTCHN_BUCKET].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
			return port;
		}
	}
	return 0;
}

static void free_port(struct domain *d, unsigned int port)
{
	struct evtchn *chn = port_entry(d, port);
	struct evtchn keep = {.last_vcpu = chn->last_vcpu, .last_priority = chn->last_priority};

	/* The FIFO queue it was last on stays known: that tail may still name it. */
	*chn = keep;
	evtchn_ops(d)->clear_pending(d, port);
}

void send_guest_pirq(struct domain *d, unsigned int port, unsigned int pirq)
{
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	struct evtchn *chn = port_entry(d, port);

	if (chn && chn->state == ECS_PIRQ && chn->remote_port == pirq)
		set_pending(d, chn, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

static void send_virq_port(struct domain *d, unsigned int port)
{
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	struct evtchn *chn = port_entry(d, port);

	if (chn && chn->state == ECS_VIRQ)
		set_pending(d, chn, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	unsigned int port = v->virq_to_evtchn[virq];

	if (port)
		send_virq_port(v->domain, port);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	if (d->vcpu[0] && d->vcpu[0]->virq_to_evtchn[virq])
		send_virq_port(d, d->vcpu[0]->virq_to_evtchn[virq]);
}

/* Both domains' event locks, in domain-id order (one if a == b). */
static unsigned long double_lock(struct domain *a, struct domain *b)
{
	unsigned long flags = local_irq_save();

	if (a == b) {
		spin_lock(&a->event_lock);
		return flags;
	}
	spin_lock(a->domain_id < b->domain_id ? &a->event_lock : &b->event_lock);
	spin_lock(a->domain_id < b->domain_id ? &b->event_lock : &a->event_lock);
	return flags;
}

static void double_unlock(struct domain *a, struct domain *b, unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->event_lock);
	spin_unlock(&a->event_lock);
	local_irq_restore(flags);
}

long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a, struct subop_call call)
{
	long rc = 0;
	struct domain *d = domain_target(a->dom, TARGET_ANY_ID, &rc);
	unsigned long flags;
	unsigned int port;

	if (!d)
		return rc;
	flags = spin_lock_irqsave(&d->event_lock);
	port = alloc_port(d); /* as Xen: a free port first (-ENOSPC), then privilege */
	rc = !port ? -ENOSPC : !domain_target_allowed(d) ? -EPERM : 0;
	if (!rc) {
		struct evtchn *chn = port_entry(d, port);

		chn->state = ECS_UNBOUND;
		chn->remote_domid =
			a->remote_dom == DOMID_SELF ? current->domain->domain_id : a->remote_dom;
		a->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/* Interdomain binding of a port of d to rd's unbound port; both locks held. */
static long bind_interdomain_locked(struct domain *d, struct domain *rd,
				    struct evtchn_bind_interdomain *b)
{
	struct evtchn *rchn = port_entry(rd, b->remote_port), *lchn;
	unsigned int lport;

	ASSERT(spin_is_locked(&d->event_lock) && spin_is_locked(&rd->event_lock));
	if (!rchn || rchn->state != ECS_UNBOUND || rchn->remote_domid != d->domain_id)
		return -EINVAL;
	if (!(lport = alloc_port(d)))
		return -ENOSPC;
	lchn = port_entry(d, lport);
	lchn->state = ECS_INTERDOMAIN;
	lchn->remote_domid = rd->domain_id;
	lchn->remote_port = b->remote_port;
	rchn->state = ECS_INTERDOMAIN;
	rchn->remote_port = lport;
	b->local_port = lport;
	set_pending(d, lchn, lport); /* the ABI: a fresh local port starts pending */
	return 0;
}

long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b, struct subop_call call)
{
	struct domain *d = current->domain;
	long rc = 0;
	struct domain *rd = domain_target(b->remote_dom, TARGET_ANY_ID, &rc);
	unsigned long flags;

	if (!rd)
		return rc;
	flags = double_lock(d, rd);
	rc = bind_interdomain_locked(d, rd, b);
	double_unlock(d, rd, flags);
	return rc;
}

long evtchn_bind_virq(struct evtchn_bind_virq *b, struct subop_call call)
{
	struct domain *d = current->domain;
	struct vcpu *v = b->vcpu < d->max_vcpus ? d->vcpu[b->vcpu] : NULL;
	unsigned long flags;
	unsigned int port;
	long rc = 0;

	if (b->virq >= NR_VIRQS || (virq_is_global(b->virq) && b->vcpu != 0))
		return -EINVAL;
	if (!v)
		return -ENOENT;
	flags = spin_lock_irqsave(&d->event_lock);
	if (v->virq_to_evtchn[b->virq])
		rc = -EEXIST;
	else if (!(port = alloc_port(d)))
		rc = -ENOSPC;
	else {
		struct evtchn *chn = port_entry(d, port);

		chn->state = ECS_VIRQ;
		chn->virq = (u8)b->virq;
		chn->notify_vcpu = (u8)b->vcpu;
		v->virq_to_evtchn[b->virq] = (u16)port;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/* As Xen: a pirq the caller has not mapped is refused before anything else. */
long evtchn_bind_pirq(struct evtchn_bind_pirq *b, struct subop_call call)
{
	struct domain *d = current->domain;
	unsigned long flags;
	unsigned int port = 0;
	long rc;

	if (b->pirq >= NR_PIRQS)
		return -EINVAL;
	if (!arch_pirq_owned(d, b->pirq))
		return -EPERM;
	flags = spin_lock_irqsave(&d->event_lock);
	rc = (port = alloc_port(d)) ? arch_pirq_bind(d, b->pirq, port) : -ENOSPC;
	if (!rc) {
		port_entry(d, port)->state = ECS_PIRQ;
		port_entry(d, port)->remote_port = b->pirq;
		port_entry(d, port)->notify_vcpu = 0;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

long evtchn_bind_ipi(struct evtchn_bind_ipi *b, struct subop_call call)
{
	struct domain *d = current->domain;
	unsigned long flags;
	unsigned int port;

	if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
		return -ENOENT;
	flags = spin_lock_irqsave(&d->event_lock);
	port = alloc_port(d);
	if (port) {
		port_entry(d, port)->state = ECS_IPI;
		port_entry(d, port)->notify_vcpu = (u8)b->vcpu;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port ? 0 : -ENOSPC;
}

/* Close port of d; d's lock held, and the peer domain's for an interdomain port. */
static long close_locked(struct domain *d, unsigned int port)
{
	struct evtchn *chn = port_entry(d, port), *peer;
	struct domain *rd;

	ASSERT(spin_is_locked(&d->event_lock));
	if (!chn || chn->state == ECS_FREE)
		return -EINVAL;
	if (chn->state == ECS_RESERVED)
		return -EINVAL;
	if (chn->state == ECS_PIRQ)
		arch_pirq_unbind(d, chn->remote_port, port);
	if (chn->state == ECS_VIRQ) /* global VIRQs are bound in vCPU 0's table */
		d->vcpu[virq_is_global(chn->virq) ? 0 : chn->notify_vcpu]
			->virq_to_evtchn[chn->virq] = 0;
	if (chn->state == ECS_INTERDOMAIN && (rd = domain_lookup(chn->remote_domid)) &&
	    (peer = port_entry(rd, chn->remote_port)) && peer->state == ECS_INTERDOMAIN) {
		ASSERT(spin_is_locked(&rd->event_lock));
		peer->state = ECS_UNBOUND; /* the remote end waits for a new peer */
		peer->remote_domid = d->domain_id;
	}
	free_port(d, port);
	return 0;
}

/* Under both locks: is rd still the peer of d's port (or d, for no peer)? */
static bool peer_of_locked_ok(struct domain *d, unsigned int port, struct domain *rd)
{
	struct evtchn *chn = port_entry(d, port);

	ASSERT(spin_is_locked(&d->event_lock) && spin_is_locked(&rd->event_lock));
	if (chn && chn->state == ECS_INTERDOMAIN)
		return chn->remote_domid == rd->domain_id;
	return rd == d;
}

/* The peer domain of port (itself if none), read under d's lock. */
static struct domain *peer_of(struct domain *d, unsigned int port)
{
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	struct evtchn *chn = port_entry(d, port);
	struct domain *rd = d;

	if (chn && chn->state == ECS_INTERDOMAIN && (rd = domain_lookup(chn->remote_domid)) == NULL)
		rd = d;
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rd;
}

/* Close with both ends locked; retried if the port changed peer meanwhile. */
static long close_port(struct domain *d, unsigned int port)
{
	for (;;) {
		struct domain *rd = peer_of(d, port);
		unsigned long flags = double_lock(d, rd);
		long rc = -EAGAIN;

		if (peer_of_locked_ok(d, port, rd))
			rc = close_locked(d, port);
		double_unlock(d, rd, flags);
		if (rc != -EAGAIN)
			return rc;
	}
}

long evtchn_close(struct evtchn_close *c, struct subop_call call)
{
	return close_port(current->domain, c->port);
}

void evtchn_destroy_final(struct domain *d)
{
	xfree(d->evtchn0);
	for (unsigned int b = 1; d->evtchn_more && b < EVTCHN_BUCKETS; b++)
		xfree(d->evtchn_more[b]);
	xfree(d->evtchn_more);
}

void evtchn_close_all(struct domain *d)
{
	for (unsigned int port = 1; port < NR_EVENT_CHANNELS; port++) {
		struct evtchn *chn = port_entry(d, port);

		if (chn && chn->state != ECS_FREE && chn->state != ECS_RESERVED)
			close_port(d, port);
	}
}

/* Raise rport of rd if it is still connected to (d, lport). */
static void send_interdomain(struct domain *d, unsigned int lport, struct domain *rd,
			     unsigned int rport)
{
	unsigned long flags = spin_lock_irqsave(&rd->event_lock);
	struct evtchn *rchn = port_entry(rd, rport);

	if (rchn && rchn->state == ECS_INTERDOMAIN && rchn->remote_domid == d->domain_id &&
	    rchn->remote_port == lport)
		set_pending(rd, rchn, rport);
	spin_unlock_irqrestore(&rd->event_lock, flags);
}

long evtchn_send(struct evtchn_send *s, struct subop_call call)
{
	struct domain *d = current->domain, *rd = NULL;
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	struct evtchn *chn = port_entry(d, s->port);
	unsigned int rport = 0;
	long rc = 0;

	if (!chn || chn->state == ECS_FREE || chn->state == ECS_VIRQ)
		rc = -EINVAL;
	else if (chn->state == ECS_INTERDOMAIN && chn->remote_domid == d->domain_id)
		set_pending(d, port_entry(d, chn->remote_port), chn->remote_port);
	else if (chn->state == ECS_INTERDOMAIN) {
		rd = domain_lookup(chn->remote_domid);
		rport = chn->remote_port;
	} else if (chn->state == ECS_IPI)
		set_pending(d, chn, s->port);
	/* ECS_UNBOUND: nobody to tell */
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (rd) /* never two event locks at once on this path */
		send_interdomain(d, s->port, rd, rport);
	return rc;
}

long evtchn_status(struct evtchn_status *st, struct subop_call call)
{
	long rc = 0;
	struct domain *d = domain_target(st->dom, TARGET_ANY_ID, &rc);
	static const u8 status_of[] = {
		[ECS_FREE] = EVTCHNSTAT_closed,	    [ECS_RESERVED] = EVTCHNSTAT_closed,
		[ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[ECS_VIRQ] = EVTCHNSTAT_virq,	    [ECS_IPI] = EVTCHNSTAT_ipi,
		[ECS_PIRQ] = EVTCHNSTAT_pirq,
	};
	struct evtchn *chn;
	unsigned long flags;

	if (!d)
		return rc;
	flags = spin_lock_irqsave(&d->event_lock);
	/* as Xen: the port is checked before the caller's right to ask */
	rc = !port_is_valid(d, st->port) ? -EINVAL : !domain_target_allowed(d) ? -EPERM : 0;
	if (rc) {
		spin_unlock_irqrestore(&d->event_lock, flags);
		return rc;
	}
	chn = port_entry(d, st->port);
	st->status = chn ? status_of[chn->state] : EVTCHNSTAT_closed;
	st->vcpu = chn ? chn->notify_vcpu : 0;
	memset(&st->u, 0, sizeof(st->u));
	if (chn && chn->state == ECS_UNBOUND)
		st->u.unbound.dom = chn->remote_domid;
	else if (chn && chn->state == ECS_INTERDOMAIN) {
		st->u.interdomain.dom = chn->remote_domid;
		st->u.interdomain.port = chn->remote_port;
	} else if (chn && chn->state == ECS_VIRQ)
		st->u.virq = chn->virq;
	else if (chn && chn->state == ECS_PIRQ)
		st->u.pirq = chn->remote_port;
	spin_unlock_irqrestore(&d->event_lock, flags);
	return 0;
}

long evtchn_bind_vcpu(struct evtchn_bind_vcpu *b, struct subop_call call)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	if (b->vcpu >= d->max_vcpus || !d->vcpu[b->vcpu])
		return -ENOENT;
	flags = spin_lock_irqsave(&d->event_lock);
	chn = port_entry(d, b->port);
	if (!chn || chn->state == ECS_FREE || chn->state == ECS_IPI ||
	    (chn->state == ECS_VIRQ && !virq_is_global(chn->virq)))
		rc = -EINVAL;
	else
		chn->notify_vcpu = (u8)b->vcpu;
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

long evtchn_unmask(struct evtchn_unmask *u, struct subop_call call)
{
	struct domain *d = current->domain;
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	long rc = 0;

	if (!port_is_valid(d, u->port))
		rc = -EINVAL;
	else
		evtchn_ops(d)->unmask(d, port_entry(d, u->port), u->port);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/* Close every port; a FIFO domain goes back to 2-level (as Xen). */
long evtchn_reset(struct evtchn_reset *r, struct subop_call call)
{
	long rc = 0;
	struct domain *d = domain_target(r->dom, TARGET_SELF_OR_PRIV, &rc);

	if (!d)
		return rc;
	evtchn_close_all(d);
	evtchn_fifo_destroy(d);
	return 0;
}

/* -EINVAL beyond the port table; then the ABI's answer (2-level: -ENOSYS). */
long evtchn_set_priority(struct evtchn_set_priority *sp, struct subop_call call)
{
	struct domain *d = current->domain;
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	long rc = -EINVAL;

	if (port_is_valid(d, sp->port))
		rc = evtchn_ops(d)->set_priority(d, port_entry(d, sp->port), sp->priority);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/* The FIFO ABI's sub-ops (event_fifo.c). */
long evtchn_init_control(struct evtchn_init_control *ic, struct subop_call call)
{
	return evtchn_fifo_init_control(ic);
}

long evtchn_expand_array(struct evtchn_expand_array *ea, struct subop_call call)
{
	return evtchn_fifo_expand_array(ea);
}

/* Sub-ops by table (xeno/hypercalls.def): bind_pirq, reset_cont not offered. */
/* EVTCHNOP_send (every notification; its row: anyone, argument in) skips the table. */
long do_event_channel_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};
	struct evtchn_send s;

	if (cmd != EVTCHNOP_send)
		return subop_dispatch(event_channel_op, cmd, c);
	return copy_from_guest_raw(&s, arg, sizeof(s)) ? -EFAULT : evtchn_send(&s, c);
}
