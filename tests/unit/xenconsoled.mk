# xenconsoled's console (tools/xenconsoled) on the fake device backends of
# tools/libs, with a real pty and log file.
include tools/xenconsoled/sources.mk
UNIT_TESTS += xc_console
UT_SRCS_xc_console := tools/xenconsoled/tests/test_console.c $(XC_CORE_SRCS) \
	tools/libs/evtchn/fake.c tools/libs/call/fake.c tools/libs/gnttab/fake.c
UT_CFLAGS_xc_console := -Itools/xenconsoled
$(BUILD)/unit/xc_console: $(wildcard tools/xenconsoled/*.h tools/libs/*/*.h)
