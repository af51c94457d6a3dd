# xenstored's pure core (no I/O): shared by the daemon, its unit tests and its fuzzer.
XS_CORE_SRCS := $(addprefix tools/xenstored/,map.c util.c node.c perms.c db.c txn.c tree.c \
	watch.c conn.c dispatch.c handlers_node.c handlers_session.c domain.c store.c)
