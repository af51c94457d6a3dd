UNIT_TESTS += grant_entry
UT_SRCS_grant_entry := tests/unit/test_grant_entry.c tests/unit/stubs.c hypervisor/common/grant_entry.c
UT_LDLIBS_grant_entry := -lpthread
UT_DEPS_grant_entry := hypervisor/include/xeno/grant_entry.h
