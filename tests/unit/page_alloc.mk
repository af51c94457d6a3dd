UNIT_TESTS += page_alloc
UT_SRCS_page_alloc := tests/unit/test_page_alloc.c tests/unit/stubs.c hypervisor/common/page_alloc.c
UT_LDLIBS_page_alloc := -lpthread
