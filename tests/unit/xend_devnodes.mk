# xend's device nodes (tools/xend/devnodes.c over nodes.c's writer) in one
# transaction, against our xenstored on a host socket; xstore_txn_write is
# wrapped by the test's spy (records transaction ids, injects failures).
UNIT_TESTS += xend_devnodes
XEND_DEVNODES_DAEMON := $(BUILD)/tools/xenstored/xenstored
UT_SRCS_xend_devnodes := tools/xend/tests/test_devnodes.c tools/xend/devnodes.c \
	tools/xend/nodes.c tools/xend/util.c tools/libs/store/xstore.c tools/libs/store/tests/xsd.c
UT_CFLAGS_xend_devnodes := -Itools/xend -Itools/libs/store/tests \
	-DXENSTORED_BIN='"$(abspath $(XEND_DEVNODES_DAEMON))"'
UT_LDLIBS_xend_devnodes := -Wl,--wrap=xstore_txn_write
$(BUILD)/unit/xend_devnodes: $(wildcard tools/xend/*.h tools/libs/store/*.h) \
	tools/libs/store/tests/xsd.h $(XEND_DEVNODES_DAEMON)
