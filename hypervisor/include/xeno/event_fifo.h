/*
 * FIFO event channels, the pure queue part (common/event_fifo_queue.c,
 * host-tested in tests/unit/test_event_fifo.c).
 *
 * Each port has a 32-bit event word in guest memory: PENDING, MASKED,
 * LINKED, BUSY and a 17-bit LINK to the next port of its queue. Each vCPU
 * has one queue per priority (0 highest .. 15): the guest's HEAD in its
 * control block, and the tail the hypervisor remembers. The guest consumes
 * from the head: it clears LINKED (and LINK) of the head word, takes LINK
 * as the next head, and clears the queue's ready bit when LINK was 0.
 *
 * The hypervisor links a port onto a queue: PENDING set; if not MASKED and
 * not yet LINKED, set LINKED, then write the port into the tail's LINK if
 * the tail is still LINKED (the guest may be unlinking it right now), else
 * the queue was empty: write HEAD and set the ready bit (an upcall if it
 * was clear). The guest may change a LINKED word only by setting or
 * clearing MASKED, clearing PENDING, or clearing LINKED and LINK together;
 * the hypervisor sets BUSY while it retries its LINK update, and a guest
 * does not unmask a BUSY word, so the compare-and-swap fails a bounded
 * number of times.
 *
 * Locking: the caller serialises every hypervisor update of one domain's
 * queues (xeno: the domain's event lock); the guest runs concurrently, so
 * every word, HEAD and ready update is atomic.
 */
#ifndef XENO_EVENT_FIFO_H
#define XENO_EVENT_FIFO_H

#include <xeno/types.h>
#include <public/event_channel.h>

struct evtchn_fifo_queue {
	u32 *head;  /* the guest's HEAD for this priority; NULL: no control block */
	u32 *ready; /* the control block's ready word */
	u32 tail;   /* last port linked here, 0 if none */
	u8 priority;
};

/* A port's event word, or NULL if the event array does not cover it. */
typedef event_word_t *(*evtchn_fifo_word_fn)(void *ctx, u32 port);

/* One raise of port: inputs, then what the caller must do. */
struct evtchn_fifo_raise {
	evtchn_fifo_word_fn word_of;
	void *ctx;
	u32 port;
	event_word_t *word;		     /* port's word (not NULL) */
	struct evtchn_fifo_queue *q, *old_q; /* target; the queue it was last linked on */
	bool was_pending;		     /* OUT: PENDING was already set */
	bool moved;			     /* OUT: linked on q != old_q (remember q) */
	bool upcall;			     /* OUT: ready bit newly set: notify the vCPU */
};

/* Set PENDING and, if unmasked and unlinked, link the port onto r->q. */
void evtchn_fifo_raise(struct evtchn_fifo_raise *r);

/*
 * Write link into *word iff it is still LINKED (clearing BUSY); true if
 * done, false if the word was not LINKED (the guest unlinked it).
 */
bool evtchn_fifo_set_link(event_word_t *word, u32 link);

/* Clear MASKED; true if the word is PENDING (the caller raises it again). */
bool evtchn_fifo_unmask_word(event_word_t *word);

static inline bool evtchn_fifo_test(const event_word_t *word, unsigned int bit)
{
	return __atomic_load_n(word, __ATOMIC_ACQUIRE) & (1U << bit);
}

#endif
