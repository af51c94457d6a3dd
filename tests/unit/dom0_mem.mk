UNIT_TESTS += dom0_mem
UT_SRCS_dom0_mem := tests/unit/test_dom0_mem.c tests/unit/stubs.c hypervisor/lib/dom0_mem.c hypervisor/lib/strtoul.c
