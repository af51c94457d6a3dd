UNIT_TESTS += cmdline
UT_SRCS_cmdline := tests/unit/test_cmdline.c tests/unit/stubs.c hypervisor/lib/params.c hypervisor/lib/strtoul.c hypervisor/lib/strlcpy.c
