UNIT_TESTS += libelf
UT_SRCS_libelf := tests/unit/test_libelf.c tests/unit/stubs.c hypervisor/common/libelf.c
