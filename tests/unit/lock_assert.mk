# A *_locked function called without its lock trips its ASSERT (page_alloc.c
# is #included by the test, for its static free_block_locked()).
UNIT_TESTS += lock_assert
UT_SRCS_lock_assert := tests/unit/test_lock_assert.c tests/unit/stubs.c
UT_DEPS_lock_assert := hypervisor/common/page_alloc.c
