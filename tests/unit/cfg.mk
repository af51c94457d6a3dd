# The xl.cfg parser and the disk/vif spec parsers (tools/libs/cfg).
include tools/libs/cfg/sources.mk
UNIT_TESTS += cfg_parse cfg_spec
UT_SRCS_cfg_parse := tools/libs/cfg/tests/test_cfg.c $(XCFG_SRCS)
UT_SRCS_cfg_spec := tools/libs/cfg/tests/test_spec.c $(XCFG_SRCS)
UT_CFLAGS_cfg_parse := -Itools/libs/cfg
UT_CFLAGS_cfg_spec := -Itools/libs/cfg
$(addprefix $(BUILD)/unit/,cfg_parse cfg_spec): $(wildcard tools/libs/cfg/*.h)
# The PV domain builder's layout and page tables (tools/libs/guest/layout.c).
UNIT_TESTS += guest_layout
UT_SRCS_guest_layout := tools/libs/guest/tests/test_layout.c tools/libs/guest/layout.c
UT_CFLAGS_guest_layout := -Itools/libs/guest
$(BUILD)/unit/guest_layout: tools/libs/guest/xguest.h
# The save file's framing, page-table translation and outer layers (tools/libs/guest/stream.c, streamio.c).
UNIT_TESTS += guest_stream
UT_SRCS_guest_stream := tools/libs/guest/tests/test_stream.c tools/libs/guest/stream.c \
	tools/libs/guest/streamio.c
UT_CFLAGS_guest_stream := -Itools/libs/guest
$(BUILD)/unit/guest_stream: tools/libs/guest/xstream.h tools/libs/guest/xguest.h
# PAGE_DELTA's code and record (tools/libs/guest/delta.c), the sender's
# hot set (hot.c) and the receiver's application of a record.
UNIT_TESTS += guest_delta
UT_SRCS_guest_delta := tools/libs/guest/tests/test_delta.c tools/libs/guest/delta.c \
	tools/libs/guest/hot.c tools/libs/guest/stream.c
UT_CFLAGS_guest_delta := -Itools/libs/guest
$(BUILD)/unit/guest_delta: tools/libs/guest/xdelta.h tools/libs/guest/xstream.h
# A live restore's tables pinned before the END (tools/libs/guest/prepin.c):
# what a page sent again does, the entries of a table that changed, a
# PAGE_DELTA applied to copies.
UNIT_TESTS += guest_prepin
UT_SRCS_guest_prepin := tools/libs/guest/tests/test_prepin.c tools/libs/guest/prepin.c \
	tools/libs/guest/delta.c tools/libs/guest/stream.c
UT_CFLAGS_guest_prepin := -Itools/libs/guest
$(BUILD)/unit/guest_prepin: tools/libs/guest/xprepin.h tools/libs/guest/xstream.h \
	tools/libs/guest/xdelta.h
