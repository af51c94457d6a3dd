/*
 * FIFO event ABI: EVTCHNOP_init_control, EVTCHNOP_expand_array, the FIFO
 * port hooks (struct evtchn_port_ops) and teardown. The queue protocol
 * itself is in event_fifo_queue.c (xeno/event_fifo.h).
 *
 * A domain switches to FIFO at its first successful init_control: every
 * vCPU gets 16 queues (none usable until its own init_control places its
 * control block), the event array starts with no pages, bound ports keep
 * their 2-level pending state (raised again when expand_array adds the
 * page holding their event word) and take the default priority. A port
 * raised while its word does not exist is remembered in chn->pending.
 *
 * Frames: each control block and event array page is a frame of the
 * domain on which we hold a general and a writable type reference (mm_audit
 * counts them through evtchn_fifo_for_each_frame); they are dropped by
 * EVTCHNOP_reset (back to 2-level) and at domain destruction.
 *
 * Locking: d->event_lock (interrupts off) covers d->evtchn_fifo, the
 * queues' tails and the array; the guest writes event words, HEADs and
 * ready bits concurrently (atomics in event_fifo_queue.c). References are
 * taken and dropped outside the lock: a type change may flush other CPUs.
 */
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/event_fifo.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>

#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)

struct evtchn_fifo_vcpu {
	struct evtchn_fifo_control_block *cb; /* NULL until init_control */
	struct evtchn_fifo_queue queue[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_domain {
	event_word_t *event_array[MAX_ARRAY_PAGES];
	unsigned int num_evtchns; /* ports the array covers */
	unsigned int nr_vcpus;
	struct evtchn_fifo_vcpu vcpu[];
};

static event_word_t *word_of(void *ctx, u32 port)
{
	struct evtchn_fifo_domain *f = ctx;

	if (port >= f->num_evtchns)
		return NULL;
	return f->event_array[port / WORDS_PER_PAGE] + port % WORDS_PER_PAGE;
}

static event_word_t *port_word(const struct domain *d, unsigned int port)
{
	return word_of(d->evtchn_fifo, port);
}

static bool usable(const struct evtchn *chn)
{
	return chn && chn->state != ECS_FREE && chn->state != ECS_RESERVED;
}

static void set_pending_fifo(struct domain *d, struct evtchn *chn, unsigned int port)
{
	struct evtchn_fifo_domain *f = d->evtchn_fifo;
	struct vcpu *v = d->vcpu[chn->notify_vcpu];
	struct evtchn_fifo_raise r = {
		.word_of = word_of,
		.ctx = f,
		.port = port,
		.word = word_of(f, port),
		.q = &f->vcpu[chn->notify_vcpu].queue[chn->priority],
		.old_q = &f->vcpu[chn->last_vcpu].queue[chn->last_priority],
	};

	if (!r.word) {
		chn->pending = 1; /* raised again when its array page arrives */
		return;
	}
	evtchn_fifo_raise(&r);
	if (r.moved) {
		chn->last_vcpu = chn->notify_vcpu;
		chn->last_priority = chn->priority;
	}
	if (r.upcall && v)
		vcpu_mark_events_pending(v);
	if (!r.was_pending && __atomic_load_n(&d->poll_mask, __ATOMIC_ACQUIRE))
		evtchn_check_pollers(d, port);
}

/* Only PENDING: a LINKED word stays on its queue until the guest unlinks it. */
static void clear_pending_fifo(struct domain *d, unsigned int port)
{
	event_word_t *w = port_word(d, port);

	if (w)
		__atomic_fetch_and(w, ~(1U << EVTCHN_FIFO_PENDING), __ATOMIC_RELEASE);
}

static void unmask_fifo(struct domain *d, struct evtchn *chn, unsigned int port)
{
	event_word_t *w = port_word(d, port);

	if (usable(chn) && w && evtchn_fifo_unmask_word(w))
		set_pending_fifo(d, chn, port);
}

static bool is_pending_fifo(const struct domain *d, unsigned int port)
{
	event_word_t *w = port_word(d, port);

	return w && evtchn_fifo_test(w, EVTCHN_FIFO_PENDING);
}

static bool is_busy_fifo(const struct domain *d, unsigned int port)
{
	event_word_t *w = port_word(d, port);

	return w && evtchn_fifo_test(w, EVTCHN_FIFO_LINKED);
}

/* Future raises use the new queue; a port already linked stays where it is. */
static long set_priority_fifo(struct domain *d, struct evtchn *chn, unsigned int priority)
{
	if (!usable(chn))
		return -EACCES;
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	chn->priority = priority & 15;
	return 0;
}

const struct evtchn_port_ops evtchn_port_ops_fifo = {
	.set_pending = set_pending_fifo,
	.clear_pending = clear_pending_fifo,
	.unmask = unmask_fifo,
	.is_pending = is_pending_fifo,
	.is_busy = is_busy_fifo,
	.set_priority = set_priority_fifo,
};

/* A general and a writable type reference on the guest's frame; -EINVAL if not. */
static long get_frame(struct domain *d, u64 gfn)
{
	if (gfn >= (1UL << 40) || get_domain_frame_typed(d, _mfn(gfn), PGT_writable_page))
		return -EINVAL;
	return 0;
}

static void put_frame(struct domain *d, const void *va)
{
	put_domain_frame_typed(d, virt_to_mfn(va));
}

static struct evtchn_fifo_domain *alloc_fifo(const struct domain *d)
{
	struct evtchn_fifo_domain *f =
		xzalloc_bytes(sizeof(*f) + d->max_vcpus * sizeof(struct evtchn_fifo_vcpu));

	if (f)
		f->nr_vcpus = d->max_vcpus;
	return f;
}

/* The switch from 2-level: bound ports keep their pending state. Lock held. */
static void setup_ports(struct domain *d, struct evtchn_fifo_domain *f)
{
	for (unsigned int port = 1; port < NR_EVENT_CHANNELS; port++) {
		struct evtchn *chn = evtchn_port_entry(d, port);

		if (!chn)
			continue;
		chn->pending = evtchn_port_ops_2l.is_pending(d, port);
		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		chn->last_vcpu = chn->last_priority = 0;
	}
	__atomic_store_n(&d->evtchn_fifo, f, __ATOMIC_RELEASE);
}

/* Place v's control block (first switching d to FIFO with *spare). Lock held. */
static long install_control_block(struct domain *d, unsigned int vcpu, void *cb,
				  struct evtchn_fifo_domain **spare)
{
	struct evtchn_fifo_vcpu *fv;

	if (!d->evtchn_fifo) {
		setup_ports(d, *spare);
		*spare = NULL;
	}
	fv = &d->evtchn_fifo->vcpu[vcpu];
	if (fv->cb)
		return -EINVAL; /* once per vCPU, as Xen */
	fv->cb = cb;
	for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++) {
		fv->queue[i].head = &fv->cb->head[i];
		fv->queue[i].ready = &fv->cb->ready;
		fv->queue[i].priority = (u8)i;
	}
	return 0;
}

long evtchn_fifo_init_control(struct evtchn_init_control *ic)
{
	struct domain *d = current->domain;
	struct evtchn_fifo_domain *spare = NULL;
	unsigned long flags;
	long rc;
	void *cb;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (ic->vcpu >= d->max_vcpus || !d->vcpu[ic->vcpu])
		return -ENOENT;
	if (ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) || ic->offset % 8)
		return -EINVAL;
	if (!d->evtchn_fifo && !(spare = alloc_fifo(d)))
		return -ENOMEM;
	if ((rc = get_frame(d, ic->control_gfn))) {
		xfree(spare);
		return rc;
	}
	cb = (u8 *)mfn_to_virt(_mfn(ic->control_gfn)) + ic->offset;
	flags = spin_lock_irqsave(&d->event_lock);
	if (!d->evtchn_fifo && !spare)
		rc = -EAGAIN; /* reset meanwhile: the guest may try again */
	else
		rc = install_control_block(d, ic->vcpu, cb, &spare);
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (rc)
		put_frame(d, cb);
	xfree(spare);
	return rc;
}

/* Raise the ports of [from, to) that were raised before their words existed. */
static void reraise(struct domain *d, unsigned int from, unsigned int to)
{
	for (unsigned int port = from; port < to && port < NR_EVENT_CHANNELS; port++) {
		struct evtchn *chn = evtchn_port_entry(d, port);

		if (chn && chn->pending) {
			chn->pending = 0;
			set_pending_fifo(d, chn, port);
		}
	}
}

/* -EOPNOTSUPP (2-level), -ENOSPC (array full) or 0; lock held. */
static long can_expand(const struct domain *d)
{
	if (!d->evtchn_fifo)
		return -EOPNOTSUPP;
	return d->evtchn_fifo->num_evtchns >= EVTCHN_FIFO_NR_CHANNELS ? -ENOSPC : 0;
}

static long add_array_page(struct domain *d, event_word_t *page)
{
	struct evtchn_fifo_domain *f = d->evtchn_fifo;
	unsigned int first;
	long rc = can_expand(d);

	if (rc)
		return rc;
	first = f->num_evtchns;
	f->event_array[first / WORDS_PER_PAGE] = page;
	__atomic_store_n(&f->num_evtchns, first + WORDS_PER_PAGE, __ATOMIC_RELEASE);
	reraise(d, first, first + WORDS_PER_PAGE);
	return 0;
}

long evtchn_fifo_expand_array(struct evtchn_expand_array *ea)
{
	struct domain *d = current->domain;
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	long rc = can_expand(d);
	void *page;

	spin_unlock_irqrestore(&d->event_lock, flags);
	if (rc || (rc = get_frame(d, ea->array_gfn)))
		return rc;
	page = mfn_to_virt(_mfn(ea->array_gfn));
	flags = spin_lock_irqsave(&d->event_lock);
	rc = add_array_page(d, page);
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (rc)
		put_frame(d, page);
	return rc;
}

static void put_all_frames(struct domain *d, struct evtchn_fifo_domain *f)
{
	for (unsigned int i = 0; i < f->nr_vcpus; i++)
		if (f->vcpu[i].cb)
			put_frame(d, f->vcpu[i].cb);
	for (unsigned int i = 0; i < f->num_evtchns / WORDS_PER_PAGE; i++)
		put_frame(d, f->event_array[i]);
}

void evtchn_fifo_destroy(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	struct evtchn_fifo_domain *f = d->evtchn_fifo;

	__atomic_store_n(&d->evtchn_fifo, NULL, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (!f)
		return;
	put_all_frames(d, f);
	xfree(f);
}

/*
 * Under the lock: EVTCHNOP_reset may free the state at any time (fn must
 * not take event_lock; it may take locks ordered after it).
 */
void evtchn_fifo_for_each_frame(struct domain *d,
				void (*fn)(const struct domain *d, unsigned long mfn))
{
	unsigned long flags = spin_lock_irqsave(&d->event_lock);
	const struct evtchn_fifo_domain *f = d->evtchn_fifo;

	for (unsigned int i = 0; f && i < f->nr_vcpus; i++)
		if (f->vcpu[i].cb)
			fn(d, mfn_x(virt_to_mfn(f->vcpu[i].cb)));
	for (unsigned int i = 0; f && i < f->num_evtchns / WORDS_PER_PAGE; i++)
		fn(d, mfn_x(virt_to_mfn(f->event_array[i])));
	spin_unlock_irqrestore(&d->event_lock, flags);
}

size_t evtchn_fifo_hv_bytes(const struct domain *d)
{
	const struct evtchn_fifo_domain *f = __atomic_load_n(&d->evtchn_fifo, __ATOMIC_ACQUIRE);

	/* Not f->nr_vcpus: f may be freed under us (it is d->max_vcpus). */
	return f ? xmalloc_footprint(sizeof(*f) + d->max_vcpus * sizeof(f->vcpu[0])) : 0;
}
