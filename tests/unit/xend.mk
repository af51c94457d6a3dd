# xend's API core (tools/xend: framing, dispatch, commands, state files) on a fake backend.
include tools/xend/sources.mk
UNIT_TESTS += xend_api
UT_SRCS_xend_api := tools/xend/tests/test_api.c $(XEND_CORE_SRCS)
UT_CFLAGS_xend_api := -Itools/xend
UT_LDLIBS_xend_api := -ljson-c
$(BUILD)/unit/xend_api: $(wildcard tools/xend/*.h tools/libs/*/*.h)
# The configuration a save file carries (tools/xend/savecfg.c): xm's text, libxl's JSON.
UNIT_TESTS += xend_savecfg
UT_SRCS_xend_savecfg := tools/xend/tests/test_savecfg.c tools/xend/savecfg.c
UT_CFLAGS_xend_savecfg := -Itools/xend
UT_LDLIBS_xend_savecfg := -ljson-c
$(BUILD)/unit/xend_savecfg: tools/xend/savecfg.h
include tools/libs/cfg/sources.mk
# xend's device names (tools/xend/devspec.c): vdev/devid, NIC by devid or MAC, default MAC.
UNIT_TESTS += xend_devspec
UT_SRCS_xend_devspec := tools/xend/tests/test_devspec.c tools/xend/devspec.c $(XCFG_SRCS)
UT_CFLAGS_xend_devspec := -Itools/xend -Itools/libs/cfg
$(BUILD)/unit/xend_devspec: tools/xend/devspec.h tools/libs/cfg/xcfg.h
