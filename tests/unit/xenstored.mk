# xenstored's core (tools/xenstored): permissions, transactions, quotas,
# watches and framing, through the harness in tools/xenstored/tests.
include tools/xenstored/sources.mk
XS_UT := tools/xenstored/tests/harness.c $(XS_CORE_SRCS)
UNIT_TESTS += xs_perms xs_txn xs_quota xs_watch xs_frame
UT_SRCS_xs_perms := tools/xenstored/tests/test_perms.c $(XS_UT)
UT_SRCS_xs_txn := tools/xenstored/tests/test_txn.c $(XS_UT)
UT_SRCS_xs_quota := tools/xenstored/tests/test_quota.c $(XS_UT)
UT_SRCS_xs_watch := tools/xenstored/tests/test_watch.c $(XS_UT)
UT_SRCS_xs_frame := tools/xenstored/tests/test_frame.c $(XS_UT)
UT_CFLAGS_xs_perms := -Itools/xenstored
UT_CFLAGS_xs_txn := -Itools/xenstored
UT_CFLAGS_xs_quota := -Itools/xenstored
UT_CFLAGS_xs_watch := -Itools/xenstored
UT_CFLAGS_xs_frame := -Itools/xenstored
$(addprefix $(BUILD)/unit/,xs_perms xs_txn xs_quota xs_watch xs_frame): \
	$(wildcard tools/xenstored/*.h tools/xenstored/tests/*.h)
# The ring front end on the fake device backends of tools/libs.
UNIT_TESTS += xs_ring
UT_SRCS_xs_ring := tools/xenstored/tests/test_ring.c $(XS_CORE_SRCS) $(XS_RING_SRCS) $(XS_LIBS_FAKE)
UT_CFLAGS_xs_ring := -Itools/xenstored
$(BUILD)/unit/xs_ring: $(wildcard tools/xenstored/*.h tools/libs/*/*.h)
