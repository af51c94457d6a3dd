# xm's pure helpers (tools/xm/cpus.c): CPU lists and CPU shares.
UNIT_TESTS += xm_cpus
UT_SRCS_xm_cpus := tools/xm/tests/test_cpus.c tools/xm/cpus.c
UT_CFLAGS_xm_cpus := -Itools/xm
$(BUILD)/unit/xm_cpus: tools/xm/cpus.h
