# libxstore (tools/libs/store) against our xenstored (the daemon make
# builds) on a host socket in a temporary directory.
UNIT_TESTS += xstore
XSTORE_UT_DAEMON := $(BUILD)/tools/xenstored/xenstored
UT_SRCS_xstore := tools/libs/store/tests/test_xstore.c tools/libs/store/tests/xsd.c \
	tools/libs/store/xstore.c
UT_CFLAGS_xstore := -Itools/libs/store -Itools/libs/store/tests \
	-DXENSTORED_BIN='"$(abspath $(XSTORE_UT_DAEMON))"'
$(BUILD)/unit/xstore: tools/libs/store/xstore.h tools/libs/store/tests/xsd.h \
	$(XSTORE_UT_DAEMON)
