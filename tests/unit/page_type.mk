UNIT_TESTS += page_type
UT_SRCS_page_type := tests/unit/test_page_type.c tests/unit/stubs.c hypervisor/arch/x86/mm/page_type.c
UT_LDLIBS_page_type := -lpthread
UT_DEPS_page_type := hypervisor/arch/x86/include/asm/page_type.h
