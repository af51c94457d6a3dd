/*
 * Buddy allocator: alignment, splitting, merging back to the original
 * blocks, exhaustion, double free, and a randomised run with heap_check()
 * after every step. Also concurrent allocation from several threads, and
 * frames freed dirty: counted free, never handed out before their scrub.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xeno/mm.h>

#define NR 4096
static struct page_info table[NR];

/* Each frame's "contents": what arch_scrub_frame() zeroes. */
static unsigned char contents[NR][16];
static unsigned long scrubbed;

void arch_scrub_frame(mfn_t mfn)
{
	memset(contents[mfn_x(mfn)], 0, sizeof(contents[0]));
	scrubbed++;
}

static unsigned long mfn_of(struct page_info *pg)
{
	return (unsigned long)(pg - table);
}

static int setup(void **s)
{
	heap_init(table, NR);
	heap_free_range(_mfn(0), NR);
	return 0;
}

static void free_range_makes_max_blocks(void **s)
{
	assert_int_equal(heap_free_frames(), NR);
	assert_int_equal(heap_check(), 0);
	/* 4096 frames at mfn 0 form one order-12 block: an order-12 alloc succeeds. */
	struct page_info *pg = alloc_heap_pages(12);
	assert_non_null(pg);
	assert_int_equal(mfn_of(pg), 0);
	assert_null(alloc_heap_pages(0));
	free_heap_pages(pg, 12);
	assert_int_equal(heap_free_frames(), NR);
}

static void alignment_and_split(void **s)
{
	struct page_info *a = alloc_heap_pages(0), *b = alloc_heap_pages(3),
			 *c = alloc_heap_pages(5);

	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal(mfn_of(b) % 8, 0);
	assert_int_equal(mfn_of(c) % 32, 0);
	assert_int_equal(heap_free_frames(), NR - 1 - 8 - 32);
	assert_int_equal(heap_check(), 0);
	free_heap_pages(b, 3);
	free_heap_pages(a, 0);
	free_heap_pages(c, 5);
	assert_int_equal(heap_check(), 0);
	/* everything merged back: the whole range is one block again */
	a = alloc_heap_pages(12);
	assert_non_null(a);
	free_heap_pages(a, 12);
}

static void odd_ranges_and_reserved_holes(void **s)
{
	heap_init(table, NR);
	heap_free_range(_mfn(3), 5);	/* 3, 4-7 */
	heap_free_range(_mfn(9), 1000); /* hole at 8 stays reserved */
	assert_int_equal(heap_free_frames(), 1005);
	assert_int_equal(heap_check(), 0);
	assert_true(table[8].count_info & PGC_reserved);
	/* the hole prevents 0-15 from ever becoming one block */
	for (int i = 0; i < 1005; i++) {
		struct page_info *pg = alloc_heap_pages(0);
		assert_non_null(pg);
		assert_int_not_equal(mfn_of(pg), 8);
	}
	assert_null(alloc_heap_pages(0));
}

static void double_free_is_caught(void **s)
{
	struct page_info *pg = alloc_heap_pages(0);

	free_heap_pages(pg, 0);
	expect_assert_failure(free_heap_pages(pg, 0));
}

static void oversized_order_fails(void **s)
{
	assert_null(alloc_heap_pages(MAX_ORDER + 1));
}

static void random_alloc_free(void **s)
{
	struct {
		struct page_info *pg;
		unsigned int order;
	} live[512];
	unsigned int n = 0, seed = 12345;

	for (int step = 0; step < 20000; step++) {
		seed = seed * 1103515245 + 12345;
		if (n && (seed >> 16) % 3 == 0) {
			unsigned int i = (seed >> 8) % n;
			free_heap_pages(live[i].pg, live[i].order);
			live[i] = live[--n];
		} else if (n < 512) {
			unsigned int order = (seed >> 20) % 6;
			struct page_info *pg = alloc_heap_pages(order);
			if (pg) {
				assert_int_equal(mfn_of(pg) % (1u << order), 0);
				live[n].pg = pg;
				live[n++].order = order;
			}
		}
		if (step % 97 == 0)
			assert_int_equal(heap_check(), 0);
	}
	while (n--)
		free_heap_pages(live[n].pg, live[n].order);
	assert_int_equal(heap_check(), 0);
	assert_int_equal(heap_free_frames(), NR);
}

static void *thread_body(void *arg)
{
	for (int i = 0; i < 5000; i++) {
		struct page_info *pg = alloc_heap_pages(i % 3);
		if (pg)
			free_heap_pages(pg, i % 3);
	}
	return arg;
}

static void concurrent_alloc_free(void **s)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_body, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(heap_check(), 0);
	assert_int_equal(heap_free_frames(), NR);
}

/* Take every frame (order 0), mark each with secret data, free them dirty. */
static void fill_dirty(void)
{
	for (unsigned long i = 0; i < NR; i++) {
		struct page_info *pg = alloc_heap_pages(0);

		assert_non_null(pg);
		memset(contents[mfn_of(pg)], 0xa5, sizeof(contents[0]));
	}
	assert_null(alloc_heap_pages(0));
	for (unsigned long m = 0; m < NR; m++)
		heap_free_dirty_page(&table[m]);
}

static bool is_zero(unsigned long mfn, unsigned int order)
{
	for (unsigned long m = mfn; m < mfn + (1UL << order); m++)
		for (size_t b = 0; b < sizeof(contents[0]); b++)
			if (contents[m][b])
				return false;
	return true;
}

static void dirty_frames_are_free_but_scrubbed_first(void **s)
{
	fill_dirty();
	assert_true(heap_scrub_pending());
	assert_int_equal(heap_free_frames(), NR);
	assert_int_equal(heap_check(), 0);
	scrubbed = 0;
	/* the lists are empty: the allocation scrubs every dirty frame, then succeeds */
	struct page_info *pg = alloc_heap_pages(12);
	assert_non_null(pg);
	assert_int_equal(scrubbed, NR);
	assert_true(is_zero(0, 12));
	assert_false(heap_scrub_pending());
	free_heap_pages(pg, 12);
	assert_int_equal(heap_check(), 0);
}

static void idle_scrub_in_batches(void **s)
{
	fill_dirty();
	scrubbed = 0;
	assert_int_equal(heap_scrub(100), 100);
	assert_int_equal(scrubbed, 100);
	assert_int_equal(heap_free_frames(), NR);
	assert_int_equal(heap_check(), 0);
	/* what was scrubbed is allocatable without scrubbing more */
	for (int i = 0; i < 100; i++) {
		struct page_info *pg = alloc_heap_pages(0);

		assert_non_null(pg);
		assert_true(is_zero(mfn_of(pg), 0));
	}
	assert_int_equal(scrubbed, 100);
	assert_int_equal(heap_scrub(~0UL), NR - 100);
	assert_false(heap_scrub_pending());
	assert_int_equal(heap_free_frames(), NR - 100);
	assert_int_equal(heap_check(), 0);
}

static void claims_count_dirty_frames(void **s)
{
	unsigned long claim = 0;

	fill_dirty();
	assert_int_equal(heap_set_claim(&claim, NR), 0);
	/* unclaimed: nothing left for it even after the scrub */
	assert_null(alloc_heap_pages(0));
	struct page_info *pg = alloc_heap_pages_claimed(0, &claim);
	assert_non_null(pg);
	assert_true(is_zero(mfn_of(pg), 0));
	assert_int_equal(claim, NR - 1);
	assert_int_equal(heap_set_claim(&claim, 0), 0);
	free_heap_pages(pg, 0);
	assert_int_equal(heap_check(), 0);
}

/* A batch: distinct aligned blocks, charged to the claim; short only when the heap is. */
static void batch_allocates_up_to_n(void **s)
{
	struct page_info *out[NR / 8 + 8];
	unsigned long claim = 0;
	unsigned int got;

	assert_int_equal(heap_set_claim(&claim, 64), 0);
	got = alloc_heap_pages_batch(3, 16, &claim, out);
	assert_int_equal(got, 16);
	assert_int_equal(claim, 0); /* 16 blocks of 8 frames: the 64 claimed and 64 more */
	for (unsigned int i = 0; i < got; i++) {
		assert_int_equal(mfn_of(out[i]) & 7, 0);
		for (unsigned int j = 0; j < i; j++)
			assert_int_not_equal(mfn_of(out[i]), mfn_of(out[j]));
	}
	assert_int_equal(heap_free_frames(), NR - 128);
	/* the rest of the heap is 496 blocks of 8: a batch of 504 gets those */
	assert_int_equal(alloc_heap_pages_batch(3, NR / 8 - 8, NULL, out + 16), NR / 8 - 16);
	assert_int_equal(heap_free_frames(), 0);
	assert_int_equal(alloc_heap_pages_batch(0, 1, NULL, out), 0);
	for (unsigned int i = 0; i < NR / 8; i++)
		free_heap_pages(out[i], 3);
	assert_int_equal(heap_free_frames(), NR);
	assert_int_equal(heap_check(), 0);
	/* a batch that meets the dirty frames scrubs them, then goes on */
	fill_dirty();
	scrubbed = 0;
	assert_int_equal(alloc_heap_pages_batch(0, 8, NULL, out), 8);
	assert_int_equal(scrubbed, NR);
	for (unsigned int i = 0; i < 8; i++)
		free_heap_pages(out[i], 0);
	assert_int_equal(heap_check(), 0);
}

/*
 * Single frames by the batch (taken a block at a time): distinct, each freed
 * alone merges back; with the heap in odd pieces or a claim refusing the
 * bigger blocks, it goes down to smaller ones and gets what single
 * allocations would.
 */
static void batch_of_frames_takes_blocks(void **s)
{
	static struct page_info *hold[NR - 8];
	struct page_info *out[64];
	unsigned long claim = 0, other = 0;

	/* odd pieces: 1 at 3, 4 at 4-7, 8 at 8-15, 16 at 16-31 (29 frames) */
	heap_init(table, NR);
	heap_free_range(_mfn(3), 29);
	assert_int_equal(alloc_heap_pages_batch(0, 64, NULL, out), 29);
	for (unsigned int i = 0; i < 29; i++)
		for (unsigned int j = 0; j < i; j++)
			assert_int_not_equal(mfn_of(out[i]), mfn_of(out[j]));
	assert_int_equal(heap_free_frames(), 0);
	for (unsigned int i = 0; i < 29; i++)
		free_heap_pages(out[i], 0);
	assert_int_equal(heap_free_frames(), 29);
	assert_int_equal(heap_check(), 0);
	/* all but 8 (blocks of 2048 down to 8), then a claim of others leaves
	 * 3 of those: blocks of 8 and 4 refused, 2 and 1 given */
	setup(s);
	assert_int_equal(alloc_heap_pages_batch(0, NR - 8, NULL, hold), NR - 8);
	assert_int_equal(mfn_of(hold[NR - 9]), NR - 9);
	assert_int_equal(heap_free_frames(), 8);
	assert_int_equal(heap_set_claim(&other, 5), 0);
	assert_int_equal(alloc_heap_pages_batch(0, 8, NULL, out), 3);
	assert_int_equal(heap_free_frames(), 5);
	/* the claimed frames: 5 with a claim of 5 (what it covers) */
	assert_int_equal(heap_set_claim(&other, 0), 0);
	assert_int_equal(heap_set_claim(&claim, 5), 0);
	assert_int_equal(alloc_heap_pages_batch(0, 8, &claim, out + 3), 5);
	assert_int_equal(claim, 0);
	assert_int_equal(heap_outstanding_claims(), 0);
	for (unsigned int i = 0; i < 8; i++)
		free_heap_pages(out[i], 0);
	for (unsigned int i = 0; i < NR - 8; i++)
		free_heap_pages(hold[i], 0);
	assert_int_equal(heap_free_frames(), NR);
	assert_int_equal(heap_check(), 0);
	assert_non_null(alloc_heap_pages(12)); /* all merged back */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(free_range_makes_max_blocks, setup),
		cmocka_unit_test_setup(alignment_and_split, setup),
		cmocka_unit_test(odd_ranges_and_reserved_holes),
		cmocka_unit_test_setup(double_free_is_caught, setup),
		cmocka_unit_test_setup(oversized_order_fails, setup),
		cmocka_unit_test_setup(random_alloc_free, setup),
		cmocka_unit_test_setup(concurrent_alloc_free, setup),
		cmocka_unit_test_setup(dirty_frames_are_free_but_scrubbed_first, setup),
		cmocka_unit_test_setup(idle_scrub_in_batches, setup),
		cmocka_unit_test_setup(claims_count_dirty_frames, setup),
		cmocka_unit_test_setup(batch_allocates_up_to_n, setup),
		cmocka_unit_test_setup(batch_of_frames_takes_blocks, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
