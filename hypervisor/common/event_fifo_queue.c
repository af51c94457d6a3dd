/*
 * FIFO event queues: linking a raised port onto a vCPU's queue, with the
 * LINKED/BUSY protocol the guest shares (see xeno/event_fifo.h). Pure code,
 * built both into the hypervisor and into the host unit tests.
 *
 * Invariant kept with the caller: q->tail, when non-zero, is the last port
 * linked on q, and no other queue's tail names it. The caller serialises
 * the hypervisor's updates of a domain's queues; the guest's changes of
 * event words, HEAD and ready race with every step here.
 */
#include <xeno/event_fifo.h>

#define BIT(b) (1U << (b))
#define LINK_RETRIES 4

static bool test_and_set(u32 *word, unsigned int bit)
{
	return __atomic_fetch_or(word, BIT(bit), __ATOMIC_ACQ_REL) & BIT(bit);
}

static void clear(u32 *word, unsigned int bit)
{
	__atomic_fetch_and(word, ~BIT(bit), __ATOMIC_RELEASE);
}

/* One attempt: 1 linked, 0 not LINKED, -1 the word changed under us. */
static int try_set_link(event_word_t *word, event_word_t *seen, u32 link)
{
	event_word_t want;

	if (!(*seen & BIT(EVTCHN_FIFO_LINKED)))
		return 0;
	want = (*seen & ~(BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
	if (__atomic_compare_exchange_n(word, seen, want, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return 1;
	return -1; /* *seen now holds the current value */
}

bool evtchn_fifo_set_link(event_word_t *word, u32 link)
{
	event_word_t seen = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	int rc = try_set_link(word, &seen, link);

	if (rc >= 0)
		return rc;
	/* BUSY stops the guest unmasking: only a bounded number of changes remain. */
	__atomic_fetch_or(word, BIT(EVTCHN_FIFO_BUSY), __ATOMIC_ACQ_REL);
	seen = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	for (unsigned int i = 0; i < LINK_RETRIES; i++) {
		rc = try_set_link(word, &seen, link);
		if (rc == 1)
			return true; /* the swap cleared BUSY */
		if (rc == 0)
			break;
	}
	clear(word, EVTCHN_FIFO_BUSY);
	return rc != 0; /* out of retries: the guest misbehaves, treat as linked */
}

/* Link r->port behind q's tail, or make it q's head if q is empty. */
static void link_port(struct evtchn_fifo_raise *r)
{
	struct evtchn_fifo_queue *q = r->q;
	bool linked = false;

	/* The old queue's tail must not name a port that moves elsewhere. */
	if (r->old_q->tail == r->port)
		r->old_q->tail = 0;
	r->moved = r->old_q != q;
	if (q->tail) {
		event_word_t *tail = r->word_of(r->ctx, q->tail);

		linked = tail && evtchn_fifo_set_link(tail, r->port);
	}
	if (!linked)
		__atomic_store_n(q->head, r->port, __ATOMIC_RELEASE);
	q->tail = r->port;
	if (!linked)
		r->upcall = !test_and_set(q->ready, q->priority);
}

void evtchn_fifo_raise(struct evtchn_fifo_raise *r)
{
	r->moved = r->upcall = false;
	r->was_pending = test_and_set(r->word, EVTCHN_FIFO_PENDING);
	if (!r->q->head)
		return; /* no control block yet: the guest must not unmask before it has one */
	if (evtchn_fifo_test(r->word, EVTCHN_FIFO_MASKED) ||
	    test_and_set(r->word, EVTCHN_FIFO_LINKED))
		return;
	link_port(r);
}

bool evtchn_fifo_unmask_word(event_word_t *word)
{
	clear(word, EVTCHN_FIFO_MASKED);
	return evtchn_fifo_test(word, EVTCHN_FIFO_PENDING);
}
