/*
 * Locks you can check: a *_locked function asserts the lock it needs.
 * page_alloc.c is compiled into this test (its static free_block_locked()
 * is what we call), with ASSERT on (-DXENO_DEBUG, as every unit test) and
 * ASSERT failures mapped to cmocka's mock_assert (tests/unit/stubs.c).
 * Called without heap_lock, it must trip the ASSERT before touching the
 * heap; with heap_lock held, the same call inserts the block.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../hypervisor/common/page_alloc.c"

void arch_scrub_frame(mfn_t mfn)
{
	(void)mfn;
}

#define NR 64
static struct page_info table[NR];

static int setup(void **s)
{
	heap_init(table, NR); /* every frame reserved, the heap empty */
	mark_free(0, 3);      /* an order-3 block, ready to be inserted */
	return 0;
}

static void unlocked_call_trips_assert(void **s)
{
	assert_false(spin_is_locked(&heap_lock));
	expect_assert_failure(free_block_locked(0, 3));
	/* The ASSERT is the first statement: nothing was inserted. */
	assert_int_equal(heap_free_frames(), 0);
	assert_int_equal(heap_check(), 0);
}

static void locked_call_passes(void **s)
{
	spin_lock(&heap_lock);
	free_block_locked(0, 3);
	spin_unlock(&heap_lock);
	assert_int_equal(heap_free_frames(), 8);
	assert_int_equal(heap_check(), 0);
	assert_non_null(alloc_heap_pages(3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unlocked_call_trips_assert, setup),
		cmocka_unit_test_setup(locked_call_passes, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
