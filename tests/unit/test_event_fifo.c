/*
 * FIFO event queues (xeno/event_fifo.h): linking onto an empty queue (HEAD,
 * ready bit, upcall) and behind a tail (LINK), PENDING already set, MASKED
 * ports and unmask, no control block, a tail the guest has unlinked, a
 * port moving queue (the old tail forgotten), the BUSY protocol of
 * set_link; and two threads: a guest toggling MASKED on a tail word while
 * the hypervisor links behind it, and a Linux-style guest consumer racing
 * a hypervisor raising ports on several priorities: no event is lost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <xeno/event_fifo.h>

#define NPORTS 64
#define BIT(b) (1U << (b))
#define LINKED_LINK (BIT(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK)

static event_word_t words[NPORTS];
static struct evtchn_fifo_control_block cb;
static struct evtchn_fifo_queue queues[EVTCHN_FIFO_MAX_QUEUES];

static event_word_t *word_of(void *ctx, u32 port)
{
	return port < NPORTS ? &((event_word_t *)ctx)[port] : NULL;
}

static int setup(void **state)
{
	memset(words, 0, sizeof(words));
	memset(&cb, 0, sizeof(cb));
	for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
		queues[i] = (struct evtchn_fifo_queue){&cb.head[i], &cb.ready, 0, (u8)i};
	return 0;
}

static struct evtchn_fifo_raise raise_on(u32 port, unsigned int prio, unsigned int old_prio)
{
	struct evtchn_fifo_raise r = {.word_of = word_of,
				      .ctx = words,
				      .port = port,
				      .word = &words[port],
				      .q = &queues[prio],
				      .old_q = &queues[old_prio]};

	evtchn_fifo_raise(&r);
	return r;
}

/* The guest's unlink: clear LINKED and LINK together, return LINK. */
static u32 guest_unlink(event_word_t *w)
{
	event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	while (!__atomic_compare_exchange_n(w, &old, old & ~LINKED_LINK, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST))
		;
	return old & EVTCHN_FIFO_LINK_MASK;
}

static void test_empty_queue(void **state)
{
	struct evtchn_fifo_raise r = raise_on(5, 7, 7);

	assert_false(r.was_pending);
	assert_true(r.upcall);
	assert_false(r.moved);
	assert_int_equal(cb.head[7], 5);
	assert_int_equal(queues[7].tail, 5);
	assert_int_equal(cb.ready, BIT(7));
	assert_int_equal(words[5], BIT(EVTCHN_FIFO_PENDING) | BIT(EVTCHN_FIFO_LINKED));
}

static void test_behind_tail(void **state)
{
	raise_on(5, 7, 7);
	struct evtchn_fifo_raise r = raise_on(6, 7, 7);

	assert_false(r.upcall); /* the queue was not empty */
	assert_int_equal(cb.head[7], 5);
	assert_int_equal(words[5] & LINKED_LINK, BIT(EVTCHN_FIFO_LINKED) | 6);
	assert_int_equal(queues[7].tail, 6);
	r = raise_on(6, 7, 7);
	assert_true(r.was_pending);
	assert_int_equal(queues[7].tail, 6);
	assert_int_equal(words[6] & EVTCHN_FIFO_LINK_MASK, 0);
}

static void test_masked_then_unmask(void **state)
{
	words[9] = BIT(EVTCHN_FIFO_MASKED);
	struct evtchn_fifo_raise r = raise_on(9, 3, 3);

	assert_false(r.upcall);
	assert_int_equal(words[9], BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_PENDING));
	assert_int_equal(cb.ready, 0);
	assert_true(evtchn_fifo_unmask_word(&words[9]));
	r = raise_on(9, 3, 3);
	assert_true(r.was_pending);
	assert_true(r.upcall);
	assert_int_equal(cb.head[3], 9);
	words[10] = BIT(EVTCHN_FIFO_MASKED);
	assert_false(evtchn_fifo_unmask_word(&words[10])); /* idle: nothing to raise */
}

static void test_no_control_block(void **state)
{
	queues[7].head = NULL;
	struct evtchn_fifo_raise r = raise_on(4, 7, 7);

	assert_false(r.upcall);
	assert_int_equal(words[4], BIT(EVTCHN_FIFO_PENDING));
	assert_int_equal(cb.ready, 0);
}

/* The guest consumed the tail: the next raise finds it unlinked and starts a new head. */
static void test_tail_unlinked_by_guest(void **state)
{
	raise_on(5, 7, 7);
	assert_int_equal(guest_unlink(&words[5]), 0);
	__atomic_fetch_and(&cb.ready, ~BIT(7), __ATOMIC_SEQ_CST);
	struct evtchn_fifo_raise r = raise_on(6, 7, 7);

	assert_true(r.upcall);
	assert_int_equal(cb.head[7], 6);
	assert_int_equal(words[5] & EVTCHN_FIFO_LINK_MASK, 0);
	assert_int_equal(cb.ready, BIT(7));
}

/* A port that was the tail of queue 3 is linked on queue 9: queue 3 forgets it. */
static void test_move_queue(void **state)
{
	raise_on(5, 3, 3);
	guest_unlink(&words[5]);
	__atomic_fetch_and(&words[5], ~BIT(EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
	struct evtchn_fifo_raise r = raise_on(5, 9, 3);

	assert_true(r.moved);
	assert_int_equal(queues[3].tail, 0);
	assert_int_equal(queues[9].tail, 5);
	/* Queue 3 must not append behind port 5 (now on queue 9). */
	raise_on(6, 3, 3);
	assert_int_equal(words[5] & EVTCHN_FIFO_LINK_MASK, 0);
	assert_int_equal(cb.head[3], 6);
}

static void test_set_link(void **state)
{
	event_word_t w = 0;

	assert_false(evtchn_fifo_set_link(&w, 7));
	assert_int_equal(w, 0);
	w = BIT(EVTCHN_FIFO_LINKED) | BIT(EVTCHN_FIFO_BUSY) | BIT(EVTCHN_FIFO_PENDING) | 3;
	assert_true(evtchn_fifo_set_link(&w, 7));
	assert_int_equal(w, BIT(EVTCHN_FIFO_LINKED) | BIT(EVTCHN_FIFO_PENDING) | 7);
}

/* The guest flips MASKED (never while BUSY, as the ABI asks) during set_link. */
static volatile bool stop;
static event_word_t shared_word;

static void *guest_masker(void *arg)
{
	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
		event_word_t w = __atomic_load_n(&shared_word, __ATOMIC_SEQ_CST);

		if (w & BIT(EVTCHN_FIFO_BUSY))
			continue;
		__atomic_compare_exchange_n(&shared_word, &w, w ^ BIT(EVTCHN_FIFO_MASKED), false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void test_set_link_races_masking(void **state)
{
	pthread_t t;

	shared_word = BIT(EVTCHN_FIFO_LINKED);
	stop = false;
	assert_int_equal(pthread_create(&t, NULL, guest_masker, NULL), 0);
	for (u32 i = 0; i < 200000; i++) {
		u32 link = 1 + i % 1000;

		assert_true(evtchn_fifo_set_link(&shared_word, link));
		event_word_t w = __atomic_load_n(&shared_word, __ATOMIC_SEQ_CST);
		assert_int_equal(w & EVTCHN_FIFO_LINK_MASK, link);
		assert_true(w & BIT(EVTCHN_FIFO_LINKED));
	}
	stop = true;
	pthread_join(t, NULL);
	assert_false(shared_word & BIT(EVTCHN_FIFO_BUSY));
}

/* A Linux-style consumer: ready word, local heads, unlink, handle pending. */
static unsigned long handled[NPORTS];

static void consume_one(unsigned int q, u32 *ready, u32 *local_head)
{
	u32 port = local_head[q] ? local_head[q] : __atomic_load_n(&cb.head[q], __ATOMIC_SEQ_CST);
	u32 next = guest_unlink(&words[port]);

	if (!next)
		*ready &= ~BIT(q);
	if (__atomic_fetch_and(&words[port], ~BIT(EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST) &
	    BIT(EVTCHN_FIFO_PENDING))
		__atomic_fetch_add(&handled[port], 1, __ATOMIC_SEQ_CST);
	local_head[q] = next;
}

static void *guest_consumer(void *arg)
{
	u32 local_head[EVTCHN_FIFO_MAX_QUEUES] = {0};

	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
		u32 ready = __atomic_exchange_n(&cb.ready, 0, __ATOMIC_SEQ_CST);

		while (ready) {
			consume_one((unsigned int)__builtin_ctz(ready), &ready, local_head);
			ready |= __atomic_exchange_n(&cb.ready, 0, __ATOMIC_SEQ_CST);
		}
	}
	return NULL;
}

static bool wait_handled(u32 port, unsigned long want)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (__atomic_load_n(&handled[port], __ATOMIC_SEQ_CST) < want) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > 5)
			return false;
	}
	return true;
}

/* Ports on four priorities, some moving queue; each raise must be handled. */
static void test_concurrent_consumer(void **state)
{
	u8 prio[NPORTS] = {0}, last[NPORTS] = {0};
	unsigned long sent[NPORTS] = {0};
	pthread_t t;

	memset(handled, 0, sizeof(handled));
	stop = false;
	assert_int_equal(pthread_create(&t, NULL, guest_consumer, NULL), 0);
	for (u32 i = 0; i < 100000; i++) {
		u32 port = 1 + (i * 7) % (NPORTS - 1);

		if (i % 97 == 0)
			prio[port] = (u8)((prio[port] + 5) % 16);
		if (!wait_handled(port, sent[port]))
			fail_msg("port %u: event %lu lost (word %#x)", port, sent[port],
				 words[port]);
		struct evtchn_fifo_raise r = raise_on(port, prio[port], last[port]);

		if (r.moved)
			last[port] = prio[port];
		sent[port] += !r.was_pending;
	}
	for (u32 p = 1; p < NPORTS; p++)
		assert_true(wait_handled(p, sent[p]));
	stop = true;
	pthread_join(t, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty_queue, setup),
		cmocka_unit_test_setup(test_behind_tail, setup),
		cmocka_unit_test_setup(test_masked_then_unmask, setup),
		cmocka_unit_test_setup(test_no_control_block, setup),
		cmocka_unit_test_setup(test_tail_unlinked_by_guest, setup),
		cmocka_unit_test_setup(test_move_queue, setup),
		cmocka_unit_test_setup(test_set_link, setup),
		cmocka_unit_test_setup(test_set_link_races_masking, setup),
		cmocka_unit_test_setup(test_concurrent_consumer, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
