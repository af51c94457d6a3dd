# Renamed so the test exercises ours while cmocka keeps libc's.
UNIT_TESTS += vsnprintf
UT_SRCS_vsnprintf := tests/unit/test_vsnprintf.c hypervisor/lib/vsnprintf.c
UT_CFLAGS_vsnprintf := -Dvsnprintf=xeno_vsnprintf -Dsnprintf=xeno_snprintf -Wno-format -Wno-format-extra-args -Wno-format-zero-length
