# xenstored's pure core (no I/O): shared by the daemon, its unit tests and its fuzzer.
XS_CORE_SRCS := $(addprefix tools/xenstored/,map.c util.c node.c perms.c db.c txn.c tree.c \
	watch.c conn.c dispatch.c handlers_node.c handlers_session.c domain.c store.c)
# The ring front end (pure ring protocol + domain rings over tools/libs).
XS_RING_SRCS := tools/xenstored/ring.c tools/xenstored/domain_io.c tools/libs/call/domctl.c
# The device libraries' backends: Linux for the daemon, fakes for host tests.
XS_LIBS_LINUX := $(addprefix tools/libs/,evtchn/linux.c call/linux.c gnttab/linux.c)
XS_LIBS_FAKE := $(addprefix tools/libs/,evtchn/fake.c call/fake.c gnttab/fake.c)
