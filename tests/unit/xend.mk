# xend's API core (tools/xend: framing, dispatch, commands, state files) on a fake backend.
include tools/xend/sources.mk
UNIT_TESTS += xend_api
UT_SRCS_xend_api := tools/xend/tests/test_api.c $(XEND_CORE_SRCS)
UT_CFLAGS_xend_api := -Itools/xend
UT_LDLIBS_xend_api := -ljson-c
$(BUILD)/unit/xend_api: $(wildcard tools/xend/*.h tools/libs/*/*.h)
